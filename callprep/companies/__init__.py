"""Accounts: the companies leads work at, told apart by work email domain (and CRM account id
when one is given). Named `companies` because `callprep.accounts` holds users and keys.

- ``domains``: ``company_domain(email)``, free mail excluded
- ``membership``: ``place_leads``, which account each written lead joins (CRM id, domain)
- ``overview``: an account's people, other reps and merged timeline (the page and the API)
- ``erasure``: an account left with nobody goes with its last person"""
