"""Accounts: who may use callprep.

- ``users``: users, passwords, API keys and the ``Principal`` a service is called for
- ``websessions``: the server-side sessions behind the web login
"""
