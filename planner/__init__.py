"""planner: a keyboard-driven weekly planner for people who live on relationships."""

__version__ = "0.1.0"
