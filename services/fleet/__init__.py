"""Fleet service: users, Jetson devices on trucks, driver-behaviour alerts, frames, live events."""
