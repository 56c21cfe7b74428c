// nanoframework/System.IO.FileSystem: package nanoFramework.System.IO.FileSystem 1.1.x (dll System.IO.FileSystem.dll).
// ESP32 internal storage is the littlefs volume "I:"; there is no File.Replace (write a temp file, Delete, Move).
