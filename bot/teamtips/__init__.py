"""A team's own tips: drafts written in a chat (``drafts``), the playbook spreadsheet read
and written (``playbook``, with the bounded ``.xlsx`` reader ``xlsx``), and the worker
process every file a user sends is read in (``sandbox``).
"""
