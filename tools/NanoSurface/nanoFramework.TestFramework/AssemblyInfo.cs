// nanoframework/nanoFramework.TestFramework: package nanoFramework.TestFramework 3.0.x (dll nanoFramework.TestFramework.dll)
