"""The records the steps pass along."""

from __future__ import annotations

from transforms.extract.figures.model import Figure, Number, written_value


def _figure(value: float, scale: float, factor: float) -> Figure:
    number = Number(0, 1, value, False, True)  # not read by `written_value`
    return Figure(0, 1, 0, 1, value, value, "USD", "exact", True, scale != 1, number, scale=scale, factor=factor)


def test_written_value_undoes_scale_words_and_unit_factors() -> None:
    assert written_value(_figure(25e6, 1e6, 1.0)) == 25  # "$25m"
    assert written_value(_figure(0.5, 1.0, 0.01)) == 50  # "50 cents"
    assert written_value(_figure(7.0, 0.0, 1.0)) == 7  # no scale recorded: the value as it is
