"""The tamper-evident audit trail: one hash chain over every audited row (DESIGN §11).

This app sits below every app that writes to it and imports none of them: the apps
declare which of their models join the chain (``audit.registry.chain_model``) and the
chain follows those rows by their table label and primary key. ``audit.chain`` holds
the canonical form, ``append`` and ``erase``; ``audit.verify`` walks the chain.
Nothing else computes a chain hash.
"""
