"""CLI layer: the commands, one module per group of related commands.

Each module registers its commands on the group when imported; :data:`..app.COMMANDS`
says which module defines which command, so only the one needed is imported.
"""
