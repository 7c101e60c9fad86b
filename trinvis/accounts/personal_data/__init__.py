"""A person's rights over their data: download everything Trinvis holds about them, and
erasure by a platform administrator.

`sources.py` is the one list of where personal data lives (a new model with a person in it
is added there, or to its list of deliberate exclusions, or a test fails); `registry.py`
holds the types the list is made of; `export.py` reads the sources for the download;
`erase.py` is the erasure service.

Accounts sits at the bottom of the app order, so the sources name models by their label
("learning.LogbookEntry") and find them through Django's app registry at run time: nothing
here imports an app above accounts.
"""
