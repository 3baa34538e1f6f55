// microband_electrode_2d.geo -- a microband electrode flush in an insulating
// wall, in cross-section, for Fluxion's Poisson-Nernst-Planck example.
// Electrolyte [-10, 10] x [0, 10] (um in the example); the band, 2 um wide,
// lies in the bottom wall at -1 <= x <= 1; the top is the bulk reservoir.
// Regenerate:  gmsh -2 -format msh2 -o microband_electrode_2d.msh microband_electrode_2d.geo

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

W  = 10;    // half width of the cell
H  = 10;    // height of the cell
a  = 1;     // half width of the band

h_el  = 0.25;  // size at the band
h_far = 2;     // size far from it

Point(1) = {-W, 0, 0};
Point(2) = {-a, 0, 0};
Point(3) = { a, 0, 0};
Point(4) = { W, 0, 0};
Point(5) = { W, H, 0};
Point(6) = {-W, H, 0};
Line(1) = {1, 2};   // wall, left of the band
Line(2) = {2, 3};   // the band
Line(3) = {3, 4};   // wall, right of the band
Line(4) = {4, 5};   // side wall x = W
Line(5) = {5, 6};   // bulk y = H
Line(6) = {6, 1};   // side wall x = -W

Curve Loop(1) = {1, 2, 3, 4, 5, 6};
Plane Surface(1) = {1};
Recombine Surface{1};

// size field: fine at the band, coarse far away
Field[1] = Distance;
Field[1].CurvesList = {2};
Field[1].NumPointsPerCurve = 100;  // (called "Sampling" in gmsh >= 4.9)
Field[2] = Threshold;
Field[2].InField = 1;
Field[2].SizeMin = h_el;
Field[2].SizeMax = h_far;
Field[2].DistMin = 0.5;
Field[2].DistMax = 6;
Background Field = 2;

Physical Curve("electrode", 1) = {2};
Physical Curve("wall",      2) = {1, 3, 4, 6};
Physical Curve("bulk",      3) = {5};

Physical Surface("electrolyte", 1) = {1};
