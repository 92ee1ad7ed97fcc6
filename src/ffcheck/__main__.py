from ffcheck.cli.main import cli

cli(prog_name="ffcheck")
