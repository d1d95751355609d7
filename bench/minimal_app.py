"""The yardstick for cold start: the smallest useful typer app, run in the same environment."""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(name)


if __name__ == "__main__":
    app()
