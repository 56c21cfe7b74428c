namespace System;

// nanoframework/System.Math: nanoFramework.System.Math/Math.cs@main
// On firmware without double-precision support the double members throw NotImplementedException.
public static class Math
{
    public const double E = 2.7182818284590452354;
    public const double PI = 3.14159265358979323846;
    public static int Abs(int val) => throw null;
    public static float Abs(float val) => throw null;
    public static double Abs(double val) => throw null;
    public static int Max(int val1, int val2) => throw null;
    public static float Max(float x, float y) => throw null;
    public static double Max(double x, double y) => throw null;
    public static int Min(int val1, int val2) => throw null;
    public static float Min(float x, float y) => throw null;
    public static double Min(double x, double y) => throw null;
    public static double Sqrt(double x) => throw null;
    public static double Pow(double x, double y) => throw null;
    public static double Exp(double x) => throw null;
    public static double Log(double x) => throw null;
    public static double Log10(double x) => throw null;
    public static double Floor(double x) => throw null;
    public static double Ceiling(double a) => throw null;
    public static double Round(double x) => throw null;
    public static double Truncate(double x) => throw null;
    public static int Sign(double value) => throw null;
    public static double Sin(double x) => throw null;
    public static double Cos(double x) => throw null;
    public static double Tan(double x) => throw null;
    public static double Atan(double x) => throw null;
    public static double Atan2(double y, double x) => throw null;
}
