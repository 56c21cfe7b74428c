// nanoframework/System.Net: package nanoFramework.System.Net 1.11.x (dll System.Net.dll)
