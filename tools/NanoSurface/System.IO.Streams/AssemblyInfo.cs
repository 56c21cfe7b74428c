// nanoframework/System.IO.Streams: package nanoFramework.System.IO.Streams (dll System.IO.Streams.dll).
// [unverified] whether Stream/SeekOrigin live here or in mscorlib for 1.17.11: CoreLibrary main also has
// System/IO/Stream.cs; System.Net and System.IO.FileSystem depend on this package for their streams.
