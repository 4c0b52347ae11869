"""The referral pages for professionals: list, register, detail, history and the lifecycle actions."""
