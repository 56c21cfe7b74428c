namespace System;

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/DateTime.cs@main
// Always UTC: no DateTime.Now, no local time, no IsLeapYear.
[Serializable]
public struct DateTime
{
    private ulong _ticks;

    public static readonly DateTime MinValue;
    public static readonly DateTime MaxValue;
    public static readonly DateTime UnixEpoch;

    public DateTime(long ticks) { throw null; }
    public DateTime(long ticks, DateTimeKind kind) { throw null; }
    public DateTime(int year, int month, int day) { throw null; }
    public DateTime(int year, int month, int day, int hour, int minute, int second) { throw null; }
    public DateTime(int year, int month, int day, int hour, int minute, int second, int millisecond) { throw null; }

    public static DateTime UtcNow => throw null;
    public static DateTime Today => throw null;
    public long Ticks => throw null;
    public DateTimeKind Kind => throw null;
    public DateTime Date => throw null;
    public int Day => throw null;
    public DayOfWeek DayOfWeek => throw null;
    public int DayOfYear => throw null;
    public int Hour => throw null;
    public int Millisecond => throw null;
    public int Minute => throw null;
    public int Month => throw null;
    public int Second => throw null;
    public int Year => throw null;
    public TimeSpan TimeOfDay => throw null;

    public DateTime Add(TimeSpan val) => throw null;
    public DateTime AddDays(double val) => throw null;
    public DateTime AddHours(double val) => throw null;
    public DateTime AddMilliseconds(double val) => throw null;
    public DateTime AddMinutes(double val) => throw null;
    public DateTime AddSeconds(double val) => throw null;
    public DateTime AddTicks(long val) => throw null;
    public static int Compare(DateTime t1, DateTime t2) => throw null;
    public int CompareTo(object val) => throw null;
    public static int DaysInMonth(int year, int month) => throw null;
    public override bool Equals(object obj) => throw null;
    public static bool Equals(DateTime t1, DateTime t2) => throw null;
    public override int GetHashCode() => throw null;
    public TimeSpan Subtract(DateTime val) => throw null;
    public DateTime Subtract(TimeSpan val) => throw null;
    public override string ToString() => throw null;
    public string ToString(string format) => throw null;
    public long ToUnixTimeSeconds() => throw null;
    public static DateTime FromUnixTimeSeconds(long seconds) => throw null;
    public static DateTime Parse(string s) => throw null;
    public static bool TryParse(string s, out DateTime result) => throw null;

    public static DateTime operator +(DateTime d, TimeSpan t) => throw null;
    public static DateTime operator -(DateTime d, TimeSpan t) => throw null;
    public static TimeSpan operator -(DateTime d1, DateTime d2) => throw null;
    public static bool operator ==(DateTime d1, DateTime d2) => throw null;
    public static bool operator !=(DateTime t1, DateTime t2) => throw null;
    public static bool operator <(DateTime t1, DateTime t2) => throw null;
    public static bool operator <=(DateTime t1, DateTime t2) => throw null;
    public static bool operator >(DateTime t1, DateTime t2) => throw null;
    public static bool operator >=(DateTime t1, DateTime t2) => throw null;
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/DateTime.cs@main
[Serializable]
public enum DateTimeKind
{
    Utc = 1,
    [Obsolete("nanoFramework doesn't support local time, so DateTimeKind.Local is provided to allow code reuse and keep consistency with full .NET framework", true)]
    Local = 2,
}

// nanoframework/CoreLibrary: nanoFramework.CoreLibrary/System/DayOfWeek.cs@main
[Serializable]
public enum DayOfWeek
{
    Sunday = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 3,
    Thursday = 4,
    Friday = 5,
    Saturday = 6,
}
