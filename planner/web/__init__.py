"""The app in a browser (`planner serve`): textual-serve behind a token."""
