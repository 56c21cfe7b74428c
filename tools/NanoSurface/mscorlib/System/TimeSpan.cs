namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/TimeSpan.cs@main
// From* take long (not double) on nanoFramework.
[Serializable]
public struct TimeSpan
{
    internal long _ticks;

    public const long TicksPerMillisecond = 10000;
    public const long TicksPerSecond = TicksPerMillisecond * 1000;
    public const long TicksPerMinute = TicksPerSecond * 60;
    public const long TicksPerHour = TicksPerMinute * 60;
    public const long TicksPerDay = TicksPerHour * 24;
    public static readonly TimeSpan Zero;
    public static readonly TimeSpan MaxValue;
    public static readonly TimeSpan MinValue;

    public TimeSpan(long ticks) { throw null; }
    public TimeSpan(int hours, int minutes, int seconds) { throw null; }
    public TimeSpan(int days, int hours, int minutes, int seconds) { throw null; }
    public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds) { throw null; }

    public long Ticks => throw null;
    public int Days => throw null;
    public int Hours => throw null;
    public int Milliseconds => throw null;
    public int Minutes => throw null;
    public int Seconds => throw null;
    public double TotalDays => throw null;
    public double TotalHours => throw null;
    public double TotalMilliseconds => throw null;
    public double TotalMinutes => throw null;
    public double TotalSeconds => throw null;

    public TimeSpan Add(TimeSpan ts) => throw null;
    public static int Compare(TimeSpan t1, TimeSpan t2) => throw null;
    public int CompareTo(object value) => throw null;
    public TimeSpan Duration() => throw null;
    public override bool Equals(object value) => throw null;
    public static bool Equals(TimeSpan t1, TimeSpan t2) => throw null;
    public override int GetHashCode() => throw null;
    public TimeSpan Negate() => throw null;
    public TimeSpan Subtract(TimeSpan ts) => throw null;
    public static TimeSpan FromTicks(long value) => throw null;
    public static TimeSpan FromMilliseconds(long value) => throw null;
    public static TimeSpan FromSeconds(long value) => throw null;
    public static TimeSpan FromMinutes(long value) => throw null;
    public static TimeSpan FromHours(long value) => throw null;
    public static TimeSpan FromDays(long value) => throw null;
    public override string ToString() => throw null;

    public static TimeSpan operator -(TimeSpan t) => throw null;
    public static TimeSpan operator -(TimeSpan t1, TimeSpan t2) => throw null;
    public static TimeSpan operator +(TimeSpan t) => throw null;
    public static TimeSpan operator +(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator ==(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator !=(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator <(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator <=(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator >(TimeSpan t1, TimeSpan t2) => throw null;
    public static bool operator >=(TimeSpan t1, TimeSpan t2) => throw null;
}
