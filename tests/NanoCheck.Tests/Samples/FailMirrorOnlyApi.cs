// Must fail: members the old hand-written mscorlib mirror declared but nanoFramework's real mscorlib 1.17.11 lacks
// (or names differently). Each line compiled clean against the mirror; the device build rejects it.
using System;
using System.Collections;

public class MirrorOnly
{
    public IntPtr Handle = IntPtr.Zero;                         // CS0117: IntPtr has no Zero

    public void Copy(ArrayList list, Array target)
    {
        list.CopyTo(target, arrayIndex: 0);                     // CS1739: the parameter is named index
    }

    public bool Done(IAsyncResult result) => result.IsCompleted; // CS1061: IAsyncResult has no IsCompleted

    [AttributeUsage(AttributeTargets.GenericParameter)]         // CS0117: AttributeTargets has no GenericParameter
    public sealed class OnGeneric : Attribute { }
}
