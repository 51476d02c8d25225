"""cskh-bot: customer-care tips for Vietnamese teams, on Telegram and in the terminal."""

__version__ = "0.1.0"
