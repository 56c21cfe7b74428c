namespace NanoNode.BrokerHost.Security;

/// <summary>
/// Who a connection authenticated as. An admin may publish and subscribe everywhere; a device only under
/// "&lt;prefix&gt;/&lt;DeviceId&gt;/" plus read-only subscriptions to the fleet topics "&lt;prefix&gt;/all/config/set" and
/// "&lt;prefix&gt;/all/cmd/announce", and may publish its
/// own Home Assistant discovery documents "&lt;ha prefix&gt;/&lt;component&gt;/&lt;DeviceId&gt;/..." (<see cref="Acl"/>).
/// </summary>
public sealed record Principal(string Name, bool IsAdmin, string? DeviceId)
{
    /// <summary>The principal of accepted anonymous clients (development mode on loopback, or AllowAnonymous).</summary>
    public static Principal Anonymous { get; } = new("(anonymous)", true, null);
}

/// <summary>Topic access rules (issue 6 "Security"). Pure functions; filters and topics are already valid.</summary>
public static class Acl
{
    /// <summary>
    /// May <paramref name="who"/> publish to <paramref name="topic"/>? A device may publish under its own subtree and, when
    /// <paramref name="haPrefix"/> is not empty, to "&lt;haPrefix&gt;/&lt;component&gt;/&lt;its id&gt;/..." (the node's discovery
    /// documents are "&lt;ha_prefix&gt;/sensor/&lt;id&gt;/&lt;quantity&gt;/config"; the id as node-id level keeps devices apart).
    /// </summary>
    public static bool CanPublish(Principal who, string topic, string prefix, string? haPrefix = null)
    {
        if (who.IsAdmin)
        {
            return true;
        }

        return who.DeviceId != null
            && (IsUnderDevice(topic, prefix, who.DeviceId) || IsDiscoveryOf(topic, haPrefix, who.DeviceId));
    }

    /// <summary>
    /// May <paramref name="who"/> subscribe to <paramref name="filter"/>? For a device the filter must lie entirely in its
    /// subtree (its literal prefix is "&lt;prefix&gt;/&lt;id&gt;/"), or be exactly one of the fleet topics a node reads: the
    /// fleet-wide config topic, and the device manager's request to announce (<c>&lt;prefix&gt;/all/cmd/announce</c>, which
    /// nodes answer by republishing status, info and config on their own topics).
    /// </summary>
    public static bool CanSubscribe(Principal who, string filter, string prefix)
    {
        if (who.IsAdmin)
        {
            return true;
        }

        if (who.DeviceId == null)
        {
            return false;
        }

        return IsUnderDevice(filter, prefix, who.DeviceId) || IsFleetTopic(filter, prefix, "config/set") || IsFleetTopic(filter, prefix, "cmd/announce");
    }

    // filter == "<prefix>/all/<suffix>", without building the string.
    private static bool IsFleetTopic(string filter, string prefix, string suffix)
    {
        int start = prefix.Length + 1 + FleetLevel.Length + 1;
        return filter.Length == start + suffix.Length
            && StartsWithLevel(filter, prefix)
            && string.CompareOrdinal(filter, prefix.Length + 1, FleetLevel, 0, FleetLevel.Length) == 0
            && filter[start - 1] == '/'
            && string.CompareOrdinal(filter, start, suffix, 0, suffix.Length) == 0;
    }

    /// <summary>
    /// May <paramref name="who"/> receive a message on <paramref name="topic"/>? The delivery-time counterpart of
    /// <see cref="CanSubscribe"/> (a topic, not a filter): an admin everything, a device its own subtree and the
    /// fleet topics it may read (config/set, cmd/announce). Allocates nothing (asked for every delivery to a device).
    /// </summary>
    public static bool CanReceive(Principal who, string topic, string prefix)
    {
        if (who.IsAdmin)
        {
            return true;
        }

        if (who.DeviceId == null)
        {
            return false;
        }

        return IsUnderDevice(topic, prefix, who.DeviceId) || IsFleetTopic(topic, prefix, "config/set") || IsFleetTopic(topic, prefix, "cmd/announce");
    }

    // "<haPrefix>/<component>/<deviceId>/" followed by at least one character; <component> is one non-empty level.
    private static bool IsDiscoveryOf(string topic, string? haPrefix, string deviceId)
    {
        if (string.IsNullOrEmpty(haPrefix) || !StartsWithLevel(topic, haPrefix))
        {
            return false;
        }

        int componentEnd = topic.IndexOf('/', haPrefix.Length + 1);
        return componentEnd > haPrefix.Length + 1 && IsDeviceLevelAt(topic, componentEnd + 1, deviceId);
    }

    // "<prefix>/<deviceId>/" followed by at least one character.
    private static bool IsUnderDevice(string topic, string prefix, string deviceId)
        => StartsWithLevel(topic, prefix) && IsDeviceLevelAt(topic, prefix.Length + 1, deviceId);

    // topic starts with "<prefix>/".
    private static bool StartsWithLevel(string topic, string prefix)
        => topic.Length > prefix.Length && topic.StartsWith(prefix, StringComparison.Ordinal) && topic[prefix.Length] == '/';

    // topic[start..] is "<deviceId>/" followed by at least one character.
    private static bool IsDeviceLevelAt(string topic, int start, string deviceId)
    {
        int n = start + deviceId.Length + 1;
        return topic.Length > n
            && string.CompareOrdinal(topic, start, deviceId, 0, deviceId.Length) == 0
            && topic[n - 1] == '/';
    }

    /// <summary>
    /// The topic level of the fleet-wide topics ("&lt;prefix&gt;/all/config/set"); never a device id, or that device's
    /// own subtree would include the fleet config topic and it could publish config to every node.
    /// </summary>
    public const string FleetLevel = "all";

    /// <summary>A device id usable in topics: 1..64 characters, no '/', '+', '#', NUL or whitespace, not <see cref="FleetLevel"/>.</summary>
    public static bool IsValidDeviceId(string id)
    {
        if (id.Length == 0 || id.Length > 64 || id == FleetLevel)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (c == '/' || c == '+' || c == '#' || c == '\0' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }
}
