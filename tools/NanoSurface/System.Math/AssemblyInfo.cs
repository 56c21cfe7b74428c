// nanoframework/System.Math: package nanoFramework.System.Math 1.5.x (dll System.Math.dll)
