// oxide_layer_silicon_vertical_2d.geo -- a vertical Si/SiO2 interface with a
// thin interface layer, as on a trench sidewall (length unit: um).
//   region "oxide"     (id 1): x in [0, 0.01]
//   region "interface" (id 2): x in [0.01, 0.0101]  (0.1 nm)
//   region "silicon"   (id 3): x in [0.0101, 0.0201]
// Height 0.004. Structured quadrilaterals: 10 cells across the oxide, one
// across the layer, 10 across the silicon, 2 along the interface.
// Regenerate:  gmsh -2 -format msh2 -o oxide_layer_silicon_vertical_2d.msh oxide_layer_silicon_vertical_2d.geo

Mesh.MshFileVersion = 2.2;
Mesh.ElementOrder   = 1;
Mesh.SaveAll        = 0;

x1 = 0.01;
x2 = 0.0101;
x3 = 0.0201;
H  = 0.004;

Point(1) = {0, 0, 0};
Point(2) = {x1, 0, 0};
Point(3) = {x2, 0, 0};
Point(4) = {x3, 0, 0};
Point(5) = {x3, H, 0};
Point(6) = {x2, H, 0};
Point(7) = {x1, H, 0};
Point(8) = {0, H, 0};

Line(1)  = {1, 2};  // bottom, oxide
Line(2)  = {2, 3};  // bottom, layer
Line(3)  = {3, 4};  // bottom, silicon
Line(4)  = {4, 5};  // right
Line(5)  = {5, 6};  // top, silicon
Line(6)  = {6, 7};  // top, layer
Line(7)  = {7, 8};  // top, oxide
Line(8)  = {8, 1};  // left
Line(9)  = {2, 7};  // oxide / layer
Line(10) = {3, 6};  // layer / silicon

Transfinite Curve{1, 3, 5, 7} = 11;
Transfinite Curve{2, 6} = 2;
Transfinite Curve{4, 8, 9, 10} = 3;

Curve Loop(1) = {1, 9, 7, 8};
Plane Surface(1) = {1};
Curve Loop(2) = {2, 10, 6, -9};
Plane Surface(2) = {2};
Curve Loop(3) = {3, 4, 5, -10};
Plane Surface(3) = {3};
Transfinite Surface{1, 2, 3};
Recombine Surface{1, 2, 3};

Physical Curve("left",   1) = {8};
Physical Curve("right",  2) = {4};
Physical Curve("top",    3) = {5, 6, 7};
Physical Curve("bottom", 4) = {1, 2, 3};

Physical Surface("oxide",     1) = {1};
Physical Surface("interface", 2) = {2};
Physical Surface("silicon",   3) = {3};
