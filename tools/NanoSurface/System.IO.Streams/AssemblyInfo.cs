// nanoframework/System.IO.Streams: package nanoFramework.System.IO.Streams (dll System.IO.Streams.dll).
// Stream and SeekOrigin live here on 1.x since mscorlib 1.15: System.IO.Streams/System.IO.Streams.nfproj compiles
// Stream.cs, SeekOrigin.cs, MemoryStream.cs against mscorlib 1.15.6 (older CoreLibrary versions had System/IO/Stream.cs).
