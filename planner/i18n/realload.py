"""Wording of real load: the load's resolution, the shortfall band, bursts and the metrics import
(app, CLI and reports). Keys ``realload.<name>``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- resolution and band (reports, CLI, headline) ----------------------------------------------
    "realload.heading": {"en": "Load resolution and shortfall band", "ko": "부하 데이터 간격과 미처리 범위"},
    "realload.res_hourly": {
        "en": "The load is given per hour: what happens inside each hour is not in the data, so the To-Be "
              "shortfall depends on how the hour is read.",
        "ko": "부하가 시간 단위로만 주어져 한 시간 안의 변동은 데이터에 없습니다. 그래서 To-Be 미처리 값은 "
              "그 한 시간을 어떻게 읽느냐에 따라 달라집니다.",
    },
    "realload.res_fine": {
        "en": "The load is a measured series every {step}: the shortfall comes from the data; hourly figures are its means.",
        "ko": "부하가 {step} 간격의 측정 시계열입니다. 미처리 값은 데이터에서 바로 나오며, 시간별 값은 그 평균입니다.",
    },
    "realload.res_mixed": {
        "en": "The load of {fine} service(s) is a measured series (finest every {step}); {hourly} service(s) give "
              "hourly values, and only those vary in the band.",
        "ko": "서비스 {fine}개의 부하는 측정 시계열(가장 촘촘한 간격 {step})이고, 서비스 {hourly}개는 시간별 값만 있어 "
              "범위 계산에서는 이 서비스들만 바뀝니다.",
    },
    "realload.band": {
        "en": "To-Be unserved share: {low} to {high}, depending on how the hourly load behaves inside the hour.",
        "ko": "To-Be 미처리 비율: 시간 안에서 부하가 어떻게 움직이느냐에 따라 {low}~{high}.",
    },
    "realload.band_short": {"en": "Shortfall band", "ko": "미처리 범위"},
    "realload.band_value": {"en": "{low} – {high}", "ko": "{low} ~ {high}"},
    "realload.band_help": {
        "en": "The same hourly load run three ways: held as steps, ramped linearly, with per-minute bursts "
              "({burst}). Import per-minute metrics to replace the band with a measured figure.",
        "ko": "같은 시간별 부하를 계단, 선형 보간, 분 단위 버스트({burst}) 세 가지로 돌린 결과입니다. 분 단위 메트릭을 "
              "가져오면 범위 대신 측정값 기준의 수치가 나옵니다.",
    },
    "realload.variant": {"en": "Inside the hour", "ko": "시간 안의 부하"},
    "realload.variant_step": {"en": "held as hourly steps", "ko": "시간별 계단"},
    "realload.variant_linear": {"en": "ramped linearly between hours", "ko": "시간 사이 선형 보간"},
    "realload.variant_burst": {"en": "with per-minute bursts ({burst})", "ko": "분 단위 버스트 ({burst})"},
    "realload.this_plan": {"en": "this plan", "ko": "이 계획"},
    "realload.unserved_requests": {"en": "Unserved requests", "ko": "미처리 요청"},
    "realload.unserved_share": {"en": "Unserved share", "ko": "미처리 비율"},
    "realload.burst_default": {
        "en": "busiest minute {p}x the hourly mean, fitted to the Azure LLM code trace",
        "ko": "가장 바쁜 1분이 시간 평균의 {p}배, Azure LLM 코드 트레이스 기준으로 맞춤",
    },
    "realload.burst_setting": {"en": "busiest minute {p}x the hourly mean, {shape}",
                               "ko": "가장 바쁜 1분이 시간 평균의 {p}배, {shape}"},
    "realload.burst_own": {"en": "each service's own burst where set", "ko": "버스트가 설정된 서비스는 그 설정"},
    "realload.shape_scattered": {"en": "scattered", "ko": "흩어진 형태"},
    "realload.shape_smooth": {"en": "one rise and fall per hour", "ko": "시간마다 한 번 오르내림"},
    "realload.no_band": {"en": "No band: every service's load is a measured series.",
                         "ko": "범위 없음: 모든 서비스의 부하가 측정 시계열입니다."},
    "realload.band_not_run": {"en": "The band was not computed for this plan.",
                              "ko": "이 계획에서는 미처리 범위를 계산하지 않았습니다."},
    "realload.resolution_label": {"en": "Load resolution", "ko": "부하 데이터 간격"},
    "realload.hourly": {"en": "hourly", "ko": "1시간"},
    "realload.seconds": {"en": "{n} s", "ko": "{n}초"},
    "realload.minutes": {"en": "{n} min", "ko": "{n}분"},
    # --- the import tab ----------------------------------------------------------------------------
    "realload.tab": {"en": "Import metrics", "ko": "메트릭 가져오기"},
    "realload.import_header": {"en": "Load from Prometheus or CloudWatch", "ko": "Prometheus 또는 CloudWatch에서 부하 가져오기"},
    "realload.import_help": {
        "en": "A Prometheus range query (the JSON of /api/v1/query_range or promtool query range -o json, e.g. "
              "sum by (service) (rate(http_requests_total[1m]))), its CSV export, or a CloudWatch CSV "
              "(Timestamp, Value) or GetMetricData JSON; at most {mb} MB. Each series becomes a service.",
        "ko": "Prometheus 범위 쿼리 결과(`/api/v1/query_range` 또는 `promtool query range -o json`의 JSON, 예: "
              "`sum by (service) (rate(http_requests_total[1m]))`), 그 CSV 내보내기, CloudWatch CSV(`Timestamp`, "
              "`Value` 열) 또는 `GetMetricData` JSON을 올리세요. 최대 {mb} MB. 시계열 하나가 서비스 하나가 됩니다.",
    },
    "realload.kind": {"en": "Source", "ko": "원본"},
    "realload.label": {"en": "Label with the service name", "ko": "서비스 이름이 든 레이블"},
    "realload.values": {"en": "Values are", "ko": "값의 의미"},
    "realload.values_auto": {"en": "by source (Prometheus: a rate, CloudWatch: a count)", "ko": "원본에 따라 (Prometheus: 초당 값, CloudWatch: 건수)"},
    "realload.values_rate": {"en": "a rate (per second)", "ko": "초당 값 (`rate`)"},
    "realload.values_count": {"en": "a count per sample interval", "ko": "수집 간격당 건수"},
    "realload.step": {"en": "Resolution of the imported series", "ko": "가져올 시계열 간격"},
    "realload.as_hourly": {"en": "Import hourly means (with a fitted burst) instead of the series",
                           "ko": "시계열 대신 시간별 평균(맞춘 버스트 포함)으로 가져오기"},
    "realload.read_ok": {
        "en": "{file}: {series} series, {samples} samples every {step} from {start}; imported {hours} h at {res} from hour 0.",
        "ko": "{file}: 시계열 {series}개, 표본 {samples}개({step} 간격, {start}부터). {res} 간격으로 {hours}시간을 가져옵니다.",
    },
    "realload.read_failed": {"en": "{file} cannot be imported:", "ko": "가져올 수 없는 파일입니다({file}):"},
    "realload.preview_title": {"en": "Imported load (hourly means and peaks)", "ko": "가져온 부하 (시간별 평균과 최대)"},
    "realload.apply": {"en": "Use this load in the scenario", "ko": "이 부하를 시나리오에 적용"},
    "realload.applied": {"en": "Imported {n} service(s) from {file}.", "ko": "{file}에서 서비스 {n}개를 가져왔습니다."},
    "realload.apply_failed": {"en": "The imported load does not fit the scenario:", "ko": "가져온 부하가 시나리오와 맞지 않습니다:"},
    "realload.fit_header": {"en": "CPU and memory per request (optional)", "ko": "요청당 CPU와 메모리 (선택)"},
    "realload.fit_help": {
        "en": "Upload the usage per service (CPU: rate of container_cpu_usage_seconds_total in cores; memory: "
              "container_memory_working_set_bytes) and the pods serving it, or a fixed replica count. The fit "
              "usage = idle x pods + per request x load is shown before you accept it.",
        "ko": "서비스별 사용량(CPU: `container_cpu_usage_seconds_total`의 `rate`, 코어 단위; 메모리: "
              "container_memory_working_set_bytes)과 부하를 처리한 파드 수, 또는 고정 레플리카 수를 올리세요. "
              "사용량 = 유휴 x 파드 수 + 요청당 x 부하 로 맞춘 결과를 먼저 보여 드리고, 확인 후 적용합니다.",
    },
    "realload.cpu_file": {"en": "CPU usage file", "ko": "CPU 사용량 파일"},
    "realload.memory_file": {"en": "Memory usage file", "ko": "메모리 사용량 파일"},
    "realload.pods_file": {"en": "Pods file (pods serving per service)", "ko": "파드 수 파일 (서비스별 처리 파드 수)"},
    "realload.replicas": {"en": "or a fixed replica count (0 = use the pods file)",
                          "ko": "또는 고정 레플리카 수 (0 = 파드 수 파일 사용)"},
    "realload.fit_result": {
        "en": "{service} {resource}: idle {base} {unit} per pod, {per} {unit} per request/s; R² {r2} over {n} points.",
        "ko": "{service} {resource}: 파드당 유휴 {base} {unit}, 초당 요청 1건당 {per} {unit}; R² {r2} ({n}개 점).",
    },
    "realload.fit_uncertain": {"en": "A coefficient's standard error is above 10 % of its value: check the residuals.",
                               "ko": "계수의 표준오차가 값의 10 %를 넘습니다. 잔차를 확인하세요."},
    "realload.fit_refused": {"en": "No fit: {reason}", "ko": "맞추지 못함: {reason}"},
    "realload.fit_accept": {"en": "Accept the fitted costs of {service}", "ko": "{service}의 맞춘 비용 적용"},
    "realload.fit_plot_title": {"en": "{service} {resource}: observed vs fitted", "ko": "{service} {resource}: 측정값과 맞춘 값"},
    "realload.fit_resid_title": {"en": "Residuals over time", "ko": "시간에 따른 잔차"},
    "realload.observed": {"en": "observed", "ko": "측정값"},
    "realload.fitted": {"en": "fitted", "ko": "맞춘 값"},
    "realload.residual": {"en": "residual", "ko": "잔차"},
    "realload.burst_header": {"en": "Bursts inside the hour (hourly services)", "ko": "시간 안의 버스트 (시간별 부하 서비스)"},
    "realload.burst_help": {
        "en": "An hourly profile says nothing about the minutes. Give a service a burst: the busiest minute over the "
              "hourly mean and its shape, entered or fitted from the per-minute series imported above. Every hour "
              "keeps its mean.",
        "ko": "시간별 부하에는 분 단위 변동이 없습니다. 서비스에 버스트를 주세요. 가장 바쁜 1분이 시간 평균의 몇 배인지와 "
              "그 모양을 직접 넣거나 위에서 가져온 분 단위 시계열로 맞춥니다. 시간별 평균은 그대로입니다.",
    },
    "realload.burst_service": {"en": "Service", "ko": "서비스"},
    "realload.burst_peak": {"en": "Busiest minute / hourly mean", "ko": "가장 바쁜 1분 / 시간 평균"},
    "realload.burst_trough": {"en": "Quietest minute / hourly mean", "ko": "가장 한가한 1분 / 시간 평균"},
    "realload.burst_shape": {"en": "Shape", "ko": "모양"},
    "realload.burst_from": {"en": "Fit from the imported series", "ko": "가져온 시계열로 맞추기"},
    "realload.burst_fitted": {
        "en": "Fitted from {series}: peak {p}x, trough {a}x, {shape} (R² of the duration curve {r2}).",
        "ko": "{series}로 맞춤: 최대 {p}배, 최소 {a}배, {shape} (지속 곡선 R² {r2}).",
    },
    "realload.burst_apply": {"en": "Set the burst", "ko": "버스트 설정"},
    "realload.burst_remove": {"en": "Remove the burst", "ko": "버스트 제거"},
    "realload.burst_set": {"en": "Burst of {service} set.", "ko": "{service}의 버스트를 설정했습니다."},
    "realload.burst_removed": {"en": "Burst of {service} removed.", "ko": "{service}의 버스트를 제거했습니다."},
    "realload.burst_invalid": {"en": "This burst is not possible: {error}", "ko": "이 버스트는 불가능합니다: {error}"},
    "realload.no_hourly_services": {"en": "Every service's load is a measured series: no burst needed.",
                                    "ko": "모든 서비스의 부하가 측정 시계열이라 버스트가 필요 없습니다."},
    "realload.fine_services": {
        "en": "Measured series (not in the table): {names}. Their hourly means are in the results; import again to replace them.",
        "ko": "측정 시계열 서비스(표에는 없음): {names}. 시간별 평균은 결과에 나옵니다. 바꾸려면 다시 가져오세요.",
    },
    "realload.fine_service": {"en": "{name}: {hours} h every {step}", "ko": "{name}: {hours}시간, {step} 간격"},
    "realload.explain_resolution": {
        "en": "Load resolution: {res}. Shortfall band: {band}.",
        "ko": "부하 데이터 간격: {res}. 미처리 범위: {band}.",
    },
}
