/**
 * Where the wallet bridge content scripts run: the server's `/connect` page. Match patterns
 * without a port match every port, which covers the default server and local test servers.
 */
export const CONNECT_PAGE_MATCHES = ['http://127.0.0.1/connect*', 'http://localhost/connect*'];
export const CONNECT_PAGE_ROOT_ID = 'anoghost-connect';
