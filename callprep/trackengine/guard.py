"""What a talk track may contain, decided when it is parsed: no ``extends``, ``include`` or
``import`` (a track is self-contained), loops nested at most ``MAX_LOOP_DEPTH`` deep, and
loops, literals and ``~`` routed through the run-time bounds (``callprep.trackengine.bounds``).
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateSyntaxError
from jinja2.visitor import NodeTransformer

from callprep.trackengine.bounds import MAX_LOOP_DEPTH


class BoundedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class TrackGuard(NodeTransformer):
    """Refuse what talk tracks may not use and route loops and literals through the bounds."""

    def __init__(self) -> None:
        self.loop_depth = 0

    def visit_Extends(self, node: nodes.Node) -> None:
        raise _refused("extends", node)

    def visit_Include(self, node: nodes.Node) -> None:
        raise _refused("include", node)

    def visit_Import(self, node: nodes.Node) -> None:
        raise _refused("import", node)

    def visit_FromImport(self, node: nodes.Node) -> None:
        raise _refused("from ... import", node)

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.loop_depth += 1
        if self.loop_depth > MAX_LOOP_DEPTH:
            raise TemplateSyntaxError(
                f"loops may nest at most {MAX_LOOP_DEPTH} deep in a talk track", node.lineno
            )
        self.generic_visit(node)
        self.loop_depth -= 1
        node.iter = _guarded_call("bounded_loop", node.iter)
        return node

    def visit_List(self, node: nodes.List) -> nodes.Node:
        return self._literal(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        return self._literal(node) if node.ctx == "load" else self.generic_visit(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        return self._literal(node)

    def _literal(self, node: nodes.Expr) -> nodes.Node:
        # Literals nest (a list of ten lists of ten ...); bound their total size.
        self.generic_visit(node)
        return _guarded_call("check_weight", node)


def _guarded_call(function: str, arg: nodes.Expr) -> nodes.Call:
    target = nodes.ImportedName(f"callprep.trackengine.bounds.{function}", lineno=arg.lineno)
    return nodes.Call(target, [arg], [], None, None, lineno=arg.lineno)


def _refused(tag: str, node: nodes.Node) -> TemplateSyntaxError:
    return TemplateSyntaxError(
        f"{{% {tag} %}} is not allowed in a talk track: a track is self-contained "
        "(define macros in the same body)",
        node.lineno,
    )
