"""Live: the long-lived calls, frames streamed in by devices and alert events watched out."""
