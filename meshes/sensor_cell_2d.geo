// sensor_cell_2d.geo -- 2D electrochemical sensor / electrode cell for Fluxion
// Electrolyte box [0,4] x [0,2] with a circular hole of radius 0.3 centred at
// (2,1); the hole boundary is the "electrode". Length unit of the .prm.
// The circle is made of four Circle arcs (exact geometry for a later
// SphericalManifold / PolarManifold attachment centred at (2,1)).
// Mesh is refined toward the electrode through a distance/threshold field.
// Regenerate:  gmsh -2 -format msh2 -o sensor_cell_2d.msh sensor_cell_2d.geo

Mesh.MshFileVersion   = 2.2;
Mesh.ElementOrder     = 1;
Mesh.SaveAll          = 0;
Mesh.Algorithm        = 6;   // Frontal-Delaunay (8 segfaults in Debian gmsh 4.8.4)
Mesh.RecombineAll     = 1;
Mesh.RecombinationAlgorithm = 1; // Blossom
Mesh.SubdivisionAlgorithm   = 0;
Mesh.MeshSizeExtendFromBoundary = 0;
Mesh.MeshSizeFromPoints    = 0;
Mesh.MeshSizeFromCurvature = 0;

L  = 4;     // box length (x)
H  = 2;     // box height (y)
xc = 2;     // electrode centre
yc = 1;
R  = 0.3;   // electrode radius

h_el  = 0.03;  // size at the electrode
h_far = 0.15;  // size far from the electrode

// outer box
Point(1) = {0, 0, 0};
Point(2) = {L, 0, 0};
Point(3) = {L, H, 0};
Point(4) = {0, H, 0};
Line(1) = {1, 2};   // wall y = 0
Line(2) = {2, 3};   // outlet x = L
Line(3) = {3, 4};   // wall y = H
Line(4) = {4, 1};   // inlet x = 0

// electrode circle: centre + 4 quarter arcs
Point(10) = {xc,     yc,     0};
Point(11) = {xc + R, yc,     0};
Point(12) = {xc,     yc + R, 0};
Point(13) = {xc - R, yc,     0};
Point(14) = {xc,     yc - R, 0};
Circle(11) = {11, 10, 12};
Circle(12) = {12, 10, 13};
Circle(13) = {13, 10, 14};
Circle(14) = {14, 10, 11};

Curve Loop(1) = {1, 2, 3, 4};
Curve Loop(2) = {11, 12, 13, 14};
Plane Surface(1) = {1, 2};   // electrolyte with hole
Recombine Surface{1};

// size field: fine near the electrode, coarse far away
Field[1] = Distance;
Field[1].CurvesList = {11, 12, 13, 14};
Field[1].NumPointsPerCurve = 100;  // (called "Sampling" in gmsh >= 4.9)
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = h_el;
Field[2].SizeMax = h_far;
Field[2].DistMin = 0.05;
Field[2].DistMax = 0.8;
Background Field = 2;

Physical Curve("inlet",     1) = {4};
Physical Curve("outlet",    2) = {2};
Physical Curve("walls",     3) = {1, 3};
Physical Curve("electrode", 4) = {11, 12, 13, 14};

Physical Surface("electrolyte", 1) = {1};
