"""The environment variables ``requests`` reads for a network's setup (CA bundles, proxies)."""

#: What requests reads from the environment: none of the machine's own may leak into a test.
NETWORK_VARIABLES = (
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    "HTTPS_PROXY",
    "HTTP_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "https_proxy",
    "http_proxy",
    "all_proxy",
    "no_proxy",
)
