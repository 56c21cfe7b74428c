namespace NanoNode.BrokerHost.Mqtt;

/// <summary>
/// Broker settings (configuration section "Broker", command-line overrides). Every port and limit is a setting;
/// the defaults are what a developer's PC needs.
/// </summary>
public sealed class BrokerOptions
{
    /// <summary>Address to listen on: "loopback" (default), "any", or an IP address.</summary>
    public string Bind { get; set; } = "loopback";

    /// <summary>
    /// Address of the HTTP listener (dashboard, REST API, MQTT over WebSocket): "loopback" (default), "any", or an IP
    /// address. Separate from <see cref="Bind"/> so opening MQTT to the network does not open the dashboard too.
    /// </summary>
    public string HttpBind { get; set; } = "loopback";

    /// <summary>MQTT over TCP port; 0 picks a free port, -1 disables the listener.</summary>
    public int TcpPort { get; set; } = 1883;

    /// <summary>MQTT over TLS port; 0 picks a free port, -1 disables the listener.</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>HTTP port serving MQTT over WebSockets at <see cref="WebSocketPath"/> (and the REST API); -1 disables it.</summary>
    public int HttpPort { get; set; } = 8080;

    /// <summary>HTTPS port (same content as <see cref="HttpPort"/>, the TLS certificate of MQTT/TLS) on <see cref="HttpBind"/>; -1 (default) disables it.</summary>
    public int HttpsPort { get; set; } = -1;

    /// <summary>Path of the MQTT-over-WebSocket endpoint (subprotocol "mqtt").</summary>
    public string WebSocketPath { get; set; } = "/mqtt";

    /// <summary>PFX file with the TLS certificate; when empty a self-signed development certificate is created in <see cref="DataDirectory"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Folder for the SQLite database and the development certificate.</summary>
    public string DataDirectory { get; set; } = "nanonode-data";

    /// <summary>SQLite persistence of retained messages and persistent sessions; false keeps everything in memory.</summary>
    public bool Persistence { get; set; } = true;

    /// <summary>Largest accepted packet (bytes, fixed header included); bigger packets close the connection.</summary>
    public int MaxPacketSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// MQTT 5 Topic Alias Maximum announced in CONNACK (§3.2.2.3.8): aliases 1..this value an MQTT 5 client may use in its
    /// PUBLISHes (0 = none; at most 65,535). Each connection that uses one holds this many slots of
    /// <see cref="MaxAliasedTopicBytes"/> bytes.
    /// </summary>
    public int TopicAliasMaximum { get; set; } = 10;

    /// <summary>Longest topic name (UTF-8 bytes) a client may bind to a topic alias; a longer one with an alias gets DISCONNECT 0x94.</summary>
    public int MaxAliasedTopicBytes { get; set; } = 1024;

    /// <summary>
    /// Topic aliases broker → client (§3.3.2.3.4): the most aliases the broker binds toward one MQTT 5 connection, never
    /// more than the Topic Alias Maximum the client announced in CONNECT (at most 65,535). 0 (default) = off: every
    /// PUBLISH carries its full topic name, as Mosquitto 2.0 does, because some clients that announce a maximum do not
    /// resolve aliases they receive (MQTTnet 5.2 hands the application an empty topic). The first topics sent on a
    /// connection take the aliases and keep them until it closes; topics of 3 bytes or less never get one.
    /// </summary>
    public int OutboundTopicAliasMaximum { get; set; }

    /// <summary>Outbound QoS 1/2 messages awaiting acknowledgement per session (the inflight window).</summary>
    public int MaxInflight { get; set; } = 64;

    /// <summary>
    /// MQTT 5 Receive Maximum the broker announces in CONNACK (§3.2.2.3.3, 1..65,535): QoS 1/2 PUBLISHes a client may
    /// send the broker before their PUBACK/PUBCOMP. A client that has more unacknowledged gets DISCONNECT 0x93 Receive
    /// Maximum exceeded [MQTT-3.3.4-9] ($SYS/broker/clients/receive maximum exceeded). Its own setting, apart from
    /// <see cref="MaxInflight"/> (the other direction). 3.1.1 clients are not limited (that version has no such window).
    /// The default, 65,535, is the spec's value when none is announced: common clients (MQTT.js 5.16, paho-python 1.6)
    /// do not hold back for a lower one and a burst of QoS 2 PUBLISHes would get them disconnected, while the broker
    /// needs no such limit to protect itself (it reads each connection in order, so a flood waits in TCP, and an
    /// unfinished QoS 2 flow costs one packet id). Lower it to make clients pace themselves.
    /// </summary>
    public int ReceiveMaximum { get; set; } = 65535;

    /// <summary>
    /// Largest keep alive (seconds) the broker lets an MQTT 5 client use; 0 (default) = no maximum, every keep alive
    /// asked is used (as before). When set, a v5 client asking more, or 0 (no keep alive), gets Server Keep Alive = this
    /// value in CONNACK (§3.2.2.3.14) and is timed out by it (1.5 ×, [MQTT-3.1.2-22]). 3.1.1 clients cannot be told
    /// and keep the value they asked (as Mosquitto's max_keepalive, which also applies to v5 clients only).
    /// </summary>
    public int MaxKeepAliveSeconds { get; set; }

    /// <summary>
    /// Topic level of the MQTT 5 Response Information (§3.2.2.3.15) sent in CONNACK to a client that asks for it
    /// (Request Response Information 1): a device user gets "&lt;TopicPrefix&gt;/&lt;its id&gt;/&lt;this&gt;" (inside the subtree
    /// its ACL allows), an admin "&lt;this&gt;/&lt;client id&gt;"; other users, or an empty setting, get none (the server may
    /// omit it). Default "response".
    /// </summary>
    public string ResponseInformationLevel { get; set; } = "response";

    /// <summary>QoS 1/2 messages queued per session beyond the inflight window (offline or slow consumer).</summary>
    public int MaxQueuedMessages { get; set; } = 10000;

    /// <summary>Bytes (topic + payload + overhead) queued per session beyond the inflight window.</summary>
    public long MaxQueuedBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Bytes of QoS 0 messages waiting in one connection's socket queue before new ones are dropped (slow consumer).</summary>
    public long MaxConnectionQueueBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Seconds before an unacknowledged outbound PUBLISH/PUBREL is sent again on a live connection; 0 = only on reconnect [MQTT-4.4.0-1].</summary>
    public int RetrySeconds { get; set; } = 20;

    /// <summary>
    /// Kestrel's socket transport runs the broker's read loop and the socket send inline, where the socket operation
    /// completed, instead of one thread-pool hop each (SocketTransportOptions.UnsafePreferInlineScheduling). Those are
    /// thread-pool threads still (the runtime's socket completions are not inlined), and the broker does no blocking I/O
    /// there (store work goes to the store's own thread), only CPU work such as PBKDF2 at CONNECT. Off by default
    /// (Kestrel's dispatch): on the 2-core test machine it raised QoS 0 fan-out by about a quarter but did not lower the
    /// QoS 1 latency p99, the figure issue 6 sets a target for.
    /// </summary>
    public bool InlineScheduling { get; set; }

    /// <summary>Seconds a new connection may take to send CONNECT.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Longest accepted client id (bytes); the spec's 23 is a minimum servers must accept [MQTT-3.1.3-5].</summary>
    public int MaxClientIdLength { get; set; } = 256;

    /// <summary>Interval of the retained $SYS/broker/... statistics, seconds; 0 disables them.</summary>
    public int SysIntervalSeconds { get; set; } = 10;

    /// <summary>Accept clients without credentials (anonymous clients get admin rights). See <see cref="DevelopmentMode"/>.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Development mode: anonymous clients are accepted from loopback addresses only.</summary>
    public bool DevelopmentMode { get; set; } = true;

    /// <summary>Topic prefix of the NanoNode device protocol (DESIGN §5); device users own "&lt;prefix&gt;/&lt;id&gt;/".</summary>
    public string TopicPrefix { get; set; } = "nanonode";

    /// <summary>
    /// Home Assistant discovery prefix (the nodes' <c>ha_prefix</c>): a device user may publish
    /// "&lt;prefix&gt;/&lt;component&gt;/&lt;its id&gt;/..." there. Empty: devices may not publish discovery documents.
    /// </summary>
    public string HaDiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>HS256 secret for JWT passwords (UTF-8); empty disables HS256.</summary>
    public string? JwtHmacSecret { get; set; }

    /// <summary>PEM file with the RSA public key for RS256 JWT passwords; empty disables RS256.</summary>
    public string? JwtRsaPublicKeyPath { get; set; }

    /// <summary>Required "iss" claim of JWT passwords, when set.</summary>
    public string? JwtIssuer { get; set; }

    /// <summary>Required "aud" claim of JWT passwords, when set.</summary>
    public string? JwtAudience { get; set; }

    /// <summary>
    /// Accept JWTs without an "exp" claim (MQTT passwords and HTTP bearer tokens). Off by default: a token that never
    /// expires cannot be revoked short of changing the key.
    /// </summary>
    public bool JwtAllowNoExpiry { get; set; }

    /// <summary>
    /// Seconds an accepted HTTP Basic login is remembered (so PBKDF2 does not run per request); 0 = no cache. A user
    /// removed or given a new password is not served from the cache (its stored hash is compared at every hit).
    /// </summary>
    public int HttpBasicCacheSeconds { get; set; } = 60;

    /// <summary>Lifetime of a dashboard login session (cookie <c>nanonode_session</c>), hours.</summary>
    public double HttpSessionHours { get; set; } = 12;

    /// <summary>Telemetry history and device events in SQLite (<c>&lt;data&gt;/history.db</c>); false keeps none.</summary>
    public bool History { get; set; } = true;

    /// <summary>Days of telemetry and events kept; older rows are deleted hourly, in chunks. Fractions allowed.</summary>
    public double HistoryRetentionDays { get; set; } = 7;

    /// <summary>Readings and events waiting for the history writer before new ones are dropped (and counted).</summary>
    public int HistoryQueueCapacity { get; set; } = 100_000;

    /// <summary>
    /// Failed logins for one user name from one address within <see cref="LoginFailureWindowSeconds"/> before that user
    /// is locked out from that address (other users behind the same address, e.g. a NAT, are not). A successful login
    /// clears only its own (user, address) record.
    /// </summary>
    public int MaxLoginFailures { get; set; } = 5;

    /// <summary>
    /// Failed logins from one address, whatever the user names, within <see cref="LoginFailureWindowSeconds"/> before the
    /// whole address is locked out (bounds guessing across many user names). Successful logins do not clear it.
    /// </summary>
    public int MaxLoginFailuresPerAddress { get; set; } = 50;

    /// <summary>
    /// Password (PBKDF2) checks running at once; further ones wait in a queue. Bounds the CPU a login flood takes from
    /// the connections being served. Default: half the processors, at least 1.
    /// </summary>
    public int MaxConcurrentPasswordChecks { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Password checks waiting for a slot before further logins are refused at once with CONNACK 3 (server unavailable).</summary>
    public int MaxQueuedPasswordChecks { get; set; } = 1000;

    /// <summary>
    /// Client-triggered Information log lines (refused CONNECT, protocol violation, failed login, ACL refusal) are
    /// written at most once per client and reason per this many seconds; the others are counted in
    /// $SYS/broker/log/suppressed. 0 writes every line.
    /// </summary>
    public int LogIntervalSeconds { get; set; } = 60;

    /// <summary>Window and base lock-out time (doubling per further failure, capped at 15 minutes), seconds.</summary>
    public int LoginFailureWindowSeconds { get; set; } = 60;

    /// <summary>PBKDF2-SHA256 iterations for new password hashes.</summary>
    public int PasswordIterations { get; set; } = 100_000;
}
