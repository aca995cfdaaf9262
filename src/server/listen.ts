/**
 * How many connections may wait to be accepted. Node's default (511) drops a
 * burst beyond it, and each dropped client sends its SYN again a second later
 * (then 3 s, 7 s...): parallel test workers that open thousands of connections
 * at once stall, or hit their client's connect timeout (undici's is 10 s). The
 * kernel caps it at net.core.somaxconn (4096 on current Linux).
 */
export const LISTEN_BACKLOG = 4096;
