"""The one exception domain rules raise. Views turn it into a form or page error."""


class RuleViolation(Exception):
    """A domain rule refused an action.

    `message` is shown to the user as is; `rule_id` names the rule in DOMAIN.md
    (e.g. "COPS-2"), and `field` the form field it belongs to, when there is one.
    """

    def __init__(self, message: str, *, rule_id: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.rule_id = rule_id
        self.field = field

    def __str__(self) -> str:
        return f"{self.message} ({self.rule_id})" if self.rule_id else self.message
