"""Known template-injection and resource payloads, each wrapped as a talk-track opener.

Shared by the HTTP security tests (test client and a real waitress server)."""

from __future__ import annotations

_PAYLOADS = {
    "subclasses via str": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "class of a lead view": "{{ lead.__class__.__mro__ }}",
    "globals via cycler": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "globals via joiner": "{{ joiner.__init__.__globals__ }}",
    "globals via namespace": "{{ namespace.__init__.__globals__ }}",
    "globals via lipsum": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "attr with escaped underscores": "{{ lead|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "attr with a plain dunder": "{{ (lead|attr('__init__'))|attr('__globals__') }}",
    "str.format reaching a class": "{{ '{0.__class__.__mro__}'.format(lead) }}",
    "str.format_map": "{{ '{x.__class__}'.format_map({'x': lead}) }}",
    "format width bomb": "{{ '{0:>999999999}'.format('x') }}",
    "percent width bomb": "{{ '%999999999s' % 'x' }}",
    "debug tag": "{% debug %}",
    "config": "{{ config.items() }}",
    "self reference": "{{ self._TemplateReference__context }}",
    "string repetition": "{{ 'A' * 10**9 }}",
    "power tower": "{{ 9**9**9 }}",
    "right-nested power": "{{ 9**(9**9) }}",
    "nested huge ranges": (
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
    ),
    "nested allowed ranges": (
        "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}x"
    ),
    "self-recursive macro": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "block calling itself": "{{ self.opener() }}",
    "namespace doubling": (
        "{% set ns = namespace(a='AAAAAAAA') %}{% for i in range(200) %}"
        "{% set ns.a = ns.a ~ ns.a %}{% endfor %}{{ ns.a|length }}"
    ),
    "replace amplifier": "{{ ('A' * 10000)|replace('A', 'AAAAAAAAAA') }}",
    "list repetition": "{% for x in downloads * 100000 %}{% endfor %}x",
    "join amplifier": "{{ ('A' * 15000)|join('BBBBBBBB') }}",
}

HOSTILE_BODIES = {
    name: "{% block opener %}\nHi " + payload + "\n{% endblock %}\n"
    for name, payload in _PAYLOADS.items()
}

# What a rendering must never show if a payload got through.
LEAKS = ("<class", "subclasses", "__globals__", "popen", "uid=", "SECRET", "os.", "<module")

# Nesting that exhausts recursive parsers (fixed in the engine: a syntax error, not a 500).
HOSTILE_BODIES["deeply nested brackets"] = (
    "{% block opener %}{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}{% endblock %}"
)
