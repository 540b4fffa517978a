from datetime import date

import pytest

from casebook import dates


@pytest.mark.parametrize("value, earliest, latest", [
    ("2017", date(2017, 1, 1), date(2017, 12, 31)),
    ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
    ("2023-03-03", date(2023, 3, 3), date(2023, 3, 3)),
    ("2018-09-19/2018-10-11", date(2018, 9, 19), date(2018, 10, 11)),
    ("2017-01/2018-12-05", date(2017, 1, 1), date(2018, 12, 5)),
])
def test_parse_gives_the_range_of_days(value, earliest, latest):
    assert dates.parse(value) == (earliest, latest)


@pytest.mark.parametrize("value, message", [
    ("2017-02-30", "'2017-02-30' is not a calendar date (day is out of range for month)"),
    ("2017-13", "'2017-13' is not a calendar date (month must be in 1..12)"),
    ("19/09/2018", "'19' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("2018-10-11/2018-09-19", "'2018-10-11/2018-09-19' ends before it starts"),
])
def test_parse_rejects_impossible_dates(value, message):
    with pytest.raises(dates.DateError) as caught:
        dates.parse(value)
    assert str(caught.value) == message


@pytest.mark.parametrize("value, words", [
    ("2023-03-03", "3 March 2023"),
    ("2017-09", "September 2017"),
    ("2017", "2017"),
    ("2018-09-19/2018-10-11", "between 19 September and 11 October 2018"),
    ("2017-01/2018-12-05", "between January 2017 and 5 December 2018"),
    ("2017-12-30/2018-01-02", "between 30 December 2017 and 2 January 2018"),
])
def test_describe_reads_as_a_reader_would_say_it(value, words):
    assert dates.describe(value) == words


def test_a_range_of_days_is_said_as_a_range():
    assert dates.describe_days(274, 333) == "274 to 333 days"
    assert dates.describe_days(1, 1) == "1 day"


@pytest.mark.parametrize("months, words", [(324, "27 years"), (18, "18 months"), (12, "one year"), (1, "one month"),
                                           (60, "five years"), (5, "five months"), (120, "10 years"), (2.5, "2.5 months")])
def test_sentence_lengths_read_in_years_when_whole(months, words):
    assert dates.describe_term(months) == words


@pytest.mark.parametrize("n, words", [(0, "zero"), (1, "one"), (9, "nine"), (10, "10"), (27, "27"), (4.5, "4.5")])
def test_counts_below_ten_are_spelt_out(n, words):
    assert dates.number_words(n) == words
