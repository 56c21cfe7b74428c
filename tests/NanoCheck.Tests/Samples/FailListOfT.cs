// Must fail: List<T> does not exist on nanoFramework 1.x (no generics).
using System.Collections.Generic;

public class Readings
{
    private readonly List<int> _values = new List<int>();
}
