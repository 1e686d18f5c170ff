"""``./dev app`` (planner.ui.serve): its options, and that warming loads the page and the engine."""

from __future__ import annotations

import sys

import pytest

from planner.ui import serve


@pytest.mark.parametrize("argv,tail", [
    pytest.param([], [], id="defaults"),
    pytest.param(["--port", "8600", "--headless"], ["--server.port", "8600", "--server.headless", "true"],
                 id="port_and_headless"),
    pytest.param(["--port=8601"], ["--server.port", "8601"], id="port_equals"),
    pytest.param(["--server.address", "0.0.0.0"], ["--server.address", "0.0.0.0"], id="streamlit_option_passes"),
])
def test_options_map_to_streamlit_run(argv, tail):
    assert serve.streamlit_args(argv) == ["run", str(serve.APP), "--browser.gatherUsageStats", "false", *tail]


@pytest.mark.parametrize("argv", [["--port", "http"], ["--port", "70000"], ["--port"]])
def test_bad_port_is_refused_with_a_message(argv, capsys):
    assert serve.main(argv) == 2
    assert "--port: expected a port number 1-65535" in capsys.readouterr().err


def test_warm_only_loads_the_page_and_the_engine(capsys):
    assert serve.main(["--warm-only"]) == 0
    assert "planner app: engine and page loaded in" in capsys.readouterr().err
    assert "planner.ui.page" in sys.modules and serve.APP.name == "app.py" and serve.APP.exists()
