"""Load-file problems (:mod:`planner.loaders`) in Korean.

The loader writes each problem as one English sentence naming the line or row and the column (its
messages are its API and tests rely on them). The page shows them through :func:`upload_message`,
which recognises each sentence by its pattern and renders it in the user's language, keeping the
file, column and service names and the values exactly as the loader quoted them. A sentence no
pattern knows is shown as the loader wrote it; ``tests/test_i18n_korean.py`` feeds every kind of
bad file through the loader and fails on any English left over.

Keys ``uploads.<id>``.
"""

from __future__ import annotations

import re

from planner.i18n.core import check_lang

_REPR = r"(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
#: "line 5" (CSV) or "row 5" (Excel), optionally with ", column 'A' (B)".
_WHERE = rf"(?P<kind>line|row) (?P<n>\d+)(?:, column (?P<col>{_REPR})(?: \((?P<letter>[A-Z]+)\))?)?"
_LETTER = r"(?P<letter>[A-Z]+)"

MESSAGES: dict[str, dict[str, str]] = {
    "uploads.line": {"en": "line {n}", "ko": "{n}번째 줄"},
    "uploads.row": {"en": "row {n}", "ko": "{n}행"},
    "uploads.column": {"en": "column {col}", "ko": "열 {col}"},
    "uploads.empty": {"en": "{where}: empty; expected a number >= 0",
                      "ko": "{where}: 빈 칸입니다. 0 이상의 숫자가 필요합니다"},
    "uploads.not_number": {"en": "{where}: {value} is not a finite number; expected a number >= 0",
                           "ko": "{where}: 숫자가 아닙니다 ({value}). 0 이상의 숫자가 필요합니다"},
    "uploads.negative": {"en": "{where}: {value} is negative; expected a number >= 0",
                         "ko": "{where}: 음수입니다 ({value}). 0 이상의 숫자가 필요합니다"},
    "uploads.hour_again": {"en": "{where}: hour {hour} appears again (first at {first})",
                           "ko": "{where}: {hour}시가 또 나옵니다 (처음 나온 곳: {first})"},
    "uploads.hour_too_large": {
        "en": "hour {hour} is too large; hours run 0-23 (a day) or 0-167 (a week from Monday 00:00)",
        "ko": "{hour}시는 범위를 벗어납니다. 시각은 0-23(하루) 또는 0-167(월요일 00:00부터 한 주)입니다"},
    "uploads.missing_hours": {"en": "missing hours: {hours}; expected every hour 0-{last} once",
                              "ko": "빠진 시각: {hours}. 0-{last}의 모든 시각이 한 번씩 있어야 합니다"},
    "uploads.no_header": {"en": "column {letter} (column {n}) has no header; name the service",
                          "ko": "{letter}열({n}번째 열)에 머리글이 없습니다. 서비스 이름을 적으세요"},
    "uploads.name_too_long": {"en": "column {letter}: service name {name}... is longer than {max} characters",
                              "ko": "{letter}열: 서비스 이름이 {max}자를 넘습니다 ({name}...)"},
    "uploads.name_twice": {"en": "column {letter}: service {name} appears twice (also column {other})",
                           "ko": "{letter}열: 서비스 이름이 중복됩니다 ({name}, {other}열에도 있음)"},
    "uploads.only_hour": {"en": "only an hour column ({col}); add one column per service with its load [requests/s]",
                          "ko": "시각 열({col})만 있습니다. 서비스마다 부하 열을 하나씩 추가하세요 [요청/초]"},
    "uploads.bad_hour": {"en": "{where}: hour {value} is not a whole number >= 0",
                         "ko": "{where}: 시각이 0 이상의 정수가 아닙니다 ({value})"},
    "uploads.blank": {"en": "empty", "ko": "빈 칸"},
    "uploads.empty_time": {"en": "{where}: empty time", "ko": "{where}: 시간이 비어 있습니다"},
    "uploads.bad_time_example": {"en": "{where}: {value} is not a date and time (e.g. 2024-05-01T13:00:00)",
                                 "ko": "{where}: 날짜·시간이 아닙니다 ({value}). 예: 2024-05-01T13:00:00"},
    "uploads.bad_time": {"en": "{where}: {value} is not a date and time",
                         "ko": "{where}: 날짜·시간이 아닙니다 ({value})"},
    "uploads.empty_service": {"en": "{where}: empty service name", "ko": "{where}: 서비스 이름이 비어 있습니다"},
    "uploads.service_too_long": {"en": "{where}: service name longer than {max} characters",
                                 "ko": "{where}: 서비스 이름이 {max}자를 넘습니다"},
    "uploads.service_hour_again": {"en": "{where}: hour {hour} of service {name} appears again",
                                   "ko": "{where}: 서비스 {name}의 {hour}시가 또 나옵니다"},
    "uploads.service_time_again": {"en": "{where}: time {time} of service {name} appears again",
                                   "ko": "{where}: 서비스 {name}의 같은 시간이 또 나옵니다 ({time})"},
    "uploads.too_short": {"en": "the file covers {hours} hour(s) ({first} to {last}); need at least 24 hours (a day)",
                          "ko": "파일에 {hours}시간 분량만 있습니다 ({first} ~ {last}). 최소 24시간(하루)이 필요합니다"},
    "uploads.averaged": {
        "en": "the file covers {hours} hours ({days} days); averaged into one 24-hour profile (mean per hour of day)",
        "ko": "파일에 {hours}시간({days}일) 분량이 있어, 시각별 평균으로 24시간 프로파일 하나를 만들었습니다"},
    "uploads.rotated": {"en": "the week starts on {day}; rotated so hour 0 is Monday 00:00",
                        "ko": "한 주가 {day}에 시작해서, 0시가 월요일 00:00이 되도록 옮겼습니다"},
    "uploads.index_too_large": {"en": "hour index up to {last}; hours run 0-23 (a day) or 0-167 (a week)",
                                "ko": "시각 값이 {last}까지 있습니다. 시각은 0-23(하루) 또는 0-167(한 주)입니다"},
    "uploads.service_missing_hours": {"en": "service {name}: no rows for hour(s) {hours}; expected every hour 0-{last}",
                                      "ko": "서비스 {name}: {hours}시의 행이 없습니다. 0-{last}의 모든 시각이 있어야 합니다"},
    "uploads.too_big": {"en": "{file} is {mb} MB; the limit is {limit} MB",
                        "ko": "파일이 너무 큽니다: {file} ({mb} MB, 최대 {limit} MB)"},
    "uploads.no_rows": {"en": "{file} has a header but no data rows", "ko": "머리글만 있고 데이터 행이 없습니다: {file}"},
    "uploads.long_needs": {"en": "long layout needs columns {required}; found {found}",
                           "ko": "세로형에는 다음 열이 필요합니다: {required}. 있는 열: {found}"},
    "uploads.unknown_columns": {
        "en": "unknown columns {found}. Expected either wide columns {wide} or long columns {long}",
        "ko": "알 수 없는 열입니다: {found}. 가로형 열({wide}) 또는 세로형 열({long})이 필요합니다"},
    "uploads.encoding": {"en": "the file is neither UTF-8 nor CP949 text; save it as CSV UTF-8",
                         "ko": "파일이 UTF-8이나 CP949 텍스트가 아닙니다. CSV UTF-8로 저장하세요"},
    "uploads.bad_excel": {"en": "cannot read {file} as an Excel workbook: {error}",
                          "ko": "Excel 통합 문서로 읽을 수 없습니다: {file} ({error})"},
    "uploads.empty_file": {"en": "{file} is empty", "ko": "빈 파일입니다: {file}"},
    "uploads.bad_csv": {"en": "cannot read {file} as CSV: {error}", "ko": "CSV로 읽을 수 없습니다: {file} ({error})"},
    "uploads.xls": {"en": "{file}: the old .xls format is not supported; save it as .xlsx or CSV",
                    "ko": "{file}: 예전 .xls 형식은 지원하지 않습니다. .xlsx 또는 CSV로 저장하세요"},
    "uploads.unknown_type": {"en": "{file}: unknown file type {suffix}; upload .csv or .xlsx",
                             "ko": "{file}: 알 수 없는 파일 형식입니다 ({suffix}). .csv 또는 .xlsx 파일을 업로드하세요"},
    "uploads.more": {"en": "... and {n} more problems of the same kind", "ko": "… 같은 종류의 문제가 {n}건 더 있습니다"},
    # pieces of the column lists the loader quotes
    "uploads.or": {"en": " (or ", "ko": " (또는 "},
    "uploads.per_service": {"en": "<one column per service>", "ko": "<서비스마다 열 하나>"},
}

#: Loader sentence pattern -> message key, tried in order (the first full match wins).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.S), key) for p, key in (
    (rf"{_WHERE}: empty; expected a number >= 0", "uploads.empty"),
    (rf"{_WHERE}: (?P<value>.+) is not a finite number; expected a number >= 0", "uploads.not_number"),
    (rf"{_WHERE}: (?P<value>\S+) is negative; expected a number >= 0", "uploads.negative"),
    (rf"{_WHERE}: hour (?P<hour>\d+) appears again \(first at (?P<first>(?:line|row) \d+)\)", "uploads.hour_again"),
    (r"hour (?P<hour>\d+) is too large; hours run 0-23 \(a day\) or 0-167 \(a week from Monday 00:00\)",
     "uploads.hour_too_large"),
    (r"missing hours: (?P<hours>.+); expected every hour 0-(?P<last>\d+) once", "uploads.missing_hours"),
    (rf"column {_LETTER} \(column (?P<n>\d+)\) has no header; name the service", "uploads.no_header"),
    (rf"column {_LETTER}: service name (?P<name>{_REPR})\.\.\. is longer than (?P<max>\d+) characters",
     "uploads.name_too_long"),
    (rf"column {_LETTER}: service (?P<name>{_REPR}) appears twice \(also column (?P<other>[A-Z]+)\)",
     "uploads.name_twice"),
    (rf"only an hour column \((?P<col>{_REPR})\); add one column per service with its load \[requests/s\]",
     "uploads.only_hour"),
    (rf"{_WHERE}: hour (?P<value>empty|.+) is not a whole number >= 0", "uploads.bad_hour"),
    (rf"{_WHERE}: empty time", "uploads.empty_time"),
    (rf"{_WHERE}: (?P<value>.+) is not a date and time \(e\.g\. 2024-05-01T13:00:00\)", "uploads.bad_time_example"),
    (rf"{_WHERE}: (?P<value>.+) is not a date and time", "uploads.bad_time"),
    (rf"{_WHERE}: empty service name", "uploads.empty_service"),
    (rf"{_WHERE}: service name longer than (?P<max>\d+) characters", "uploads.service_too_long"),
    (rf"{_WHERE}: hour (?P<hour>\d+) of service (?P<name>{_REPR}) appears again", "uploads.service_hour_again"),
    (rf"{_WHERE}: time (?P<time>.+) of service (?P<name>{_REPR}) appears again", "uploads.service_time_again"),
    (r"the file covers (?P<hours>\d+) hour\(s\) \((?P<first>.+) to (?P<last>.+)\); need at least 24 hours \(a day\)",
     "uploads.too_short"),
    (r"the file covers (?P<hours>\d+) hours \((?P<days>[\d.]+) days\); averaged into one 24-hour profile "
     r"\(mean per hour of day\)", "uploads.averaged"),
    (r"the week starts on (?P<day>[A-Za-z]+); rotated so hour 0 is Monday 00:00", "uploads.rotated"),
    (r"hour index up to (?P<last>\d+); hours run 0-23 \(a day\) or 0-167 \(a week\)", "uploads.index_too_large"),
    (rf"service (?P<name>{_REPR}): no rows for hour\(s\) (?P<hours>.+); expected every hour 0-(?P<last>\d+)",
     "uploads.service_missing_hours"),
    (r"(?P<file>.+) is (?P<mb>[\d.]+) MB; the limit is (?P<limit>\d+) MB", "uploads.too_big"),
    (r"(?P<file>.+) has a header but no data rows", "uploads.no_rows"),
    (r"long layout needs columns (?P<required>.+); found (?P<found>.*)", "uploads.long_needs"),
    (r"unknown columns (?P<found>.*)\. Expected either wide columns (?P<wide>.+) or long columns (?P<long>.+)",
     "uploads.unknown_columns"),
    (r"the file is neither UTF-8 nor CP949 text; save it as CSV UTF-8", "uploads.encoding"),
    (r"cannot read (?P<file>.+) as an Excel workbook: (?P<error>.*)", "uploads.bad_excel"),
    (r"cannot read (?P<file>.+) as CSV: (?P<error>.*)", "uploads.bad_csv"),
    (r"(?P<file>.+): the old \.xls format is not supported; save it as \.xlsx or CSV", "uploads.xls"),
    (r"(?P<file>.+): unknown file type (?P<suffix>.+); upload \.csv or \.xlsx", "uploads.unknown_type"),
    (r"(?P<file>.+) is empty", "uploads.empty_file"),
    (r"\.\.\. and (?P<n>\d+) more problems of the same kind", "uploads.more"),
))

_DAYS_KO = {"Monday": "월요일", "Tuesday": "화요일", "Wednesday": "수요일", "Thursday": "목요일", "Friday": "금요일",
            "Saturday": "토요일", "Sunday": "일요일"}


def _where(m: re.Match[str], lang: str) -> str:
    text = MESSAGES[f"uploads.{m.group('kind')}"][lang].format(n=m.group("n"))
    if m.group("col"):
        text += ", " + MESSAGES["uploads.column"][lang].format(col=m.group("col"))
        if m.group("letter"):
            text += f" ({m.group('letter')})"
    return text


def _first(text: str, lang: str) -> str:
    kind, n = text.split(" ")
    return MESSAGES[f"uploads.{kind}"][lang].format(n=n)


def _column_name(item: str, lang: str) -> str:
    """``"timestamp (or hour)"`` -> ``"'timestamp' (또는 'hour')"``: column names quoted as names."""
    if item == "<one column per service>":
        return MESSAGES["uploads.per_service"][lang]
    m = re.fullmatch(r"(?P<name>[\w<>.-]+) \(or (?P<alt>[\w<>.-]+)\)", item)
    if m:
        return f"'{m.group('name')}'{MESSAGES['uploads.or'][lang]}'{m.group('alt')}')"
    return f"'{item}'"


def _columns(text: str, lang: str) -> str:
    """The loader's list of required columns, each name quoted, its connectives in ``lang``."""
    return ", ".join(_column_name(item.strip(), lang) for item in text.split(", "))


def upload_message(text: str, lang: str = "en") -> str:
    """A problem or note of :func:`planner.loaders.read_load_file` in ``lang``."""
    if check_lang(lang) == "en":
        return text
    for pattern, key in _PATTERNS:
        m = pattern.fullmatch(text)
        if not m:
            continue
        values = {k: v for k, v in m.groupdict().items() if v is not None}
        if "kind" in values:
            values["where"] = _where(m, lang)
        if "first" in values and key == "uploads.hour_again":
            values["first"] = _first(values["first"], lang)
        if key == "uploads.bad_hour" and values.get("value") == "empty":
            values["value"] = MESSAGES["uploads.blank"][lang]
        if key == "uploads.rotated":
            values["day"] = _DAYS_KO.get(values["day"], values["day"]) if lang == "ko" else values["day"]
        for k in ("required", "wide", "long"):
            if k in values:
                values[k] = _columns(values[k], lang)
        return MESSAGES[key][lang].format(**values)
    return text
