"""The functions datastore_search_sql accepts: an allowlist, as CKAN keeps one (allowed_functions.txt).

Only pure functions over values are listed: arithmetic, text, dates, aggregates, windows, lists.
Anything that reads files or settings, sleeps, or tells about the server (read_text, getenv,
current_setting, duckdb_settings, pg_sleep, version…) is absent, whatever the sandbox also blocks.
Table functions (FROM range(…), FROM read_csv(…)) are refused altogether by the query checker.
Operators (+, ||, LIKE as ~~, …) are always allowed.
"""

from __future__ import annotations

_MATH = """abs acos asin atan atan2 cbrt ceil ceiling cos cot degrees even exp factorial floor gamma greatest
gcd isfinite isinf isnan lcm least lgamma ln log log10 log2 mod pi pow power radians random round round_even
sign signbit sin sqrt tan trunc bit_count xor fdiv fmod"""
_TEXT = """ascii bar bit_length char_length character_length chr concat concat_ws contains ends_with format
formatreadablesize format_bytes hamming ilike_escape initcap instr jaccard jaro_similarity
jaro_winkler_similarity left len length length_grapheme levenshtein like_escape lower lcase lpad ltrim md5
nfc_normalize not_ilike_escape not_like_escape ord position prefix printf regexp_extract regexp_extract_all
regexp_full_match regexp_matches regexp_replace regexp_split_to_array repeat replace reverse right rpad rtrim
sha1 sha256 split split_part starts_with string_split string_split_regex string_to_array strip_accents strlen
strpos substr substring substring_grapheme suffix to_base64 from_base64 translate trim ucase unicode upper
damerau_levenshtein editdist3 mismatches url_encode url_decode hash array_to_string"""
_DATES = """age century current_date date_add date_diff date_part date_sub date_trunc datediff datepart
datesub datetrunc day dayname dayofmonth dayofweek dayofyear decade epoch epoch_ms epoch_us epoch_ns era
extract hour isodow isoyear julian last_day make_date make_time make_timestamp microsecond millennium
millisecond minute month monthname nanosecond quarter second strftime strptime time_bucket to_centuries
to_days to_decades to_hours to_microseconds to_millennia to_milliseconds to_minutes to_months to_quarters
to_seconds to_timestamp to_weeks to_years today try_strptime week weekday weekofyear year yearweek
current_timestamp now get_current_timestamp get_current_time current_time"""
_AGGREGATES = """any_value approx_count_distinct approx_quantile arbitrary arg_max arg_min argmax argmin avg
bit_and bit_or bit_xor bool_and bool_or corr count count_star count_if countif covar_pop covar_samp entropy
favg first fsum group_concat histogram kurtosis kurtosis_pop last list listagg mad max max_by mean median min
min_by mode product quantile quantile_cont quantile_disc regr_avgx regr_avgy regr_count regr_intercept regr_r2
regr_slope regr_sxx regr_sxy regr_syy sem skewness stddev stddev_pop stddev_samp string_agg sum sumkahan
kahan_sum var_pop var_samp variance array_agg"""
_WINDOWS = """cume_dist dense_rank first_value lag last_value lead nth_value ntile percent_rank rank rank_dense
row_number"""
_LISTS = """array_contains array_distinct array_extract array_has array_length array_position array_slice
array_sort array_value cardinality flatten generate_series list_aggregate list_avg list_concat list_contains
list_count list_distinct list_element list_extract list_filter list_has list_has_all list_has_any list_max
list_min list_position list_reduce list_reverse list_slice list_sort list_reverse_sort list_sum list_transform
list_unique list_value list_zip map map_extract map_keys map_values range struct_extract struct_pack row unnest
array_apply apply filter reduce list_apply list_select list_where element_at"""
_JSON = """json_extract json_extract_string json_array_length json_keys json_type json_valid json_object
json_array to_json json_quote json_structure json_contains json_exists json_value json_extract_path
json_extract_path_text"""
_CONDITIONAL = """coalesce ifnull nullif if iff typeof try_cast error constant_or_null"""

ALLOWED_FUNCTIONS = frozenset(
    name
    for block in (_MATH, _TEXT, _DATES, _AGGREGATES, _WINDOWS, _LISTS, _JSON, _CONDITIONAL)
    for name in block.split()
) - {
    "error",  # would let a query write any text into the error message
    # Build huge values in one call that no interrupt stops (a list of 10^9 numbers, a string of 10^9
    # characters), so the time limit could not end them: refused, though they are listed above.
    "generate_series", "range", "repeat", "printf", "format", "lpad", "rpad", "bar",
}


def is_allowed(name: str, *, operator: bool = False) -> bool:
    """Return whether a query may call the function ``name`` (operators always may)."""
    if operator or not any(ch.isalnum() or ch == "_" for ch in name):
        return True
    return name.lower() in ALLOWED_FUNCTIONS
