"""What the platform's Python services share: settings, tables, migrations, task payloads, logging."""
