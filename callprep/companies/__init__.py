"""Accounts: the companies leads work at, told apart by work email domain (and CRM account id
when one is given). Named `companies` because `callprep.accounts` holds users and keys."""
