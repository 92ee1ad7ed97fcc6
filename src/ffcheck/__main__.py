from ffcheck.cli import cli

cli(prog_name="ffcheck")
