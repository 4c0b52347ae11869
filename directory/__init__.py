"""The Wegwijzer: regions, organisations and (later) services, needs, regulations and matching."""
