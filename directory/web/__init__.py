"""The public Wegwijzer pages: browse, search and ask "who can help?" without logging in."""
