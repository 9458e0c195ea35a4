"""Accounts: who may use callprep.

- ``users``: users, passwords, API keys and the ``Principal`` a service is called for
- ``websessions``: the server-side sessions behind the web login
- ``timezones``: each user's time zone, and times shown in it
- ``auth_limits``: failed logins and key checks counted in the limiter's store
"""
