"""``python -m ffcheck``: the command line (guarded, so importing this module runs nothing)."""

from ffcheck.cli.main import cli

if __name__ == "__main__":
    cli(prog_name="ffcheck")
