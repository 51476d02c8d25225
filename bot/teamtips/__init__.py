"""A team's own tips: drafts written in a chat (``drafts``), the playbook spreadsheet read
and written (the ``playbook`` package, with the bounded ``.xlsx`` reader, the ``xlsx``
package), and the worker process every file a user sends is read in (``sandbox``).
"""
