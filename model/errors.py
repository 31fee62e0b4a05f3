"""The one exception type for inputs a run cannot be made from (a scenario, an override, a size)."""


class InputError(ValueError):
    """The inputs cannot be simulated; the message is one line that says which input and what was expected."""
