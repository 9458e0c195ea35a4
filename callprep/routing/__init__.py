"""Lead routing: rules as data (account owner, territory, round-robin within a team,
fallback pool) decide every new lead's owner in the transaction that creates it; each
assignment is recorded with its reason; admins and pool reps work the unassigned queue.

- ``rules``: the rules store and its checks.
- ``engine``: routing a batch of new leads.
- ``assignments``: reassigning, taking, the history, the routing side of users.
- ``territories``: countries and states as people write them.
"""
