/**
 * The server pages the extension's content scripts run on: `/connect` (wallet bridge) and `/join`
 * (room links). Match patterns without a port match every port, which covers the default server
 * and local test servers.
 */
export const CONNECT_PAGE_MATCHES = ['http://127.0.0.1/connect*', 'http://localhost/connect*'];
export const CONNECT_PAGE_ROOT_ID = 'anoghost-connect';

/** The server's `/join` page, where free-room join links point (`<server>/join#<code>`). */
export const JOIN_PAGE_MATCHES = ['http://127.0.0.1/join*', 'http://localhost/join*'];
export const JOIN_PAGE_ROOT_ID = 'anoghost-join';
