"""End-to-end tests in a real Chromium (Playwright), with axe-core on every page they visit."""
