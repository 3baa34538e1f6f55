#include <deal.II/base/table.h>
#include <deal.II/base/utilities.h>
#include <deal.II/grid/grid_generator.h>

#include <fluxion/geometry/box.h>

#include <algorithm>
#include <cmath>

namespace Fluxion
{
  namespace
  {
    // Read a list of dim numbers from a parameter.
    template <int dim, typename T>
    std::vector<T>
    read_list(const std::string &text, const std::string &name)
    {
      const auto items = Utilities::split_string_list(text, ',');
      AssertThrow(items.size() == dim,
                  ExcMessage("Parameter <Geometry/box/" + name + ">: needs " +
                             std::to_string(dim) +
                             " comma-separated values "
                             "for a " +
                             std::to_string(dim) + "D run, got <" + text +
                             ">."));
      std::vector<T> v;
      for (const auto &i : items)
        v.push_back(static_cast<T>(Utilities::string_to_double(i)));
      return v;
    }
  } // namespace

  template <int dim>
  void
  Box<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry("Lower corner",
                      "0, 0, 0",
                      Patterns::List(Patterns::Double(-1e30, 1e30), 1, 3),
                      "[length] Lower corner, one value per dimension (extra "
                      "values are ignored), each of magnitude at most 1e30.");
    prm.declare_entry("Upper corner",
                      "1, 1, 1",
                      Patterns::List(Patterns::Double(-1e30, 1e30), 1, 3),
                      "[length] Upper corner, one value per dimension (extra "
                      "values are ignored), each of magnitude at most 1e30.");
    prm.declare_entry("Subdivisions",
                      "1, 1, 1",
                      Patterns::List(Patterns::Integer(1), 1, 3),
                      "Number of coarse cells in each direction.");
    prm.declare_entry("Region interfaces",
                      "",
                      Patterns::List(Patterns::Double()),
                      "[length] Increasing x positions that split the box "
                      "into layered regions. They must fall on coarse cell "
                      "faces.");
    prm.declare_entry(
      "Disconnected interfaces",
      "false",
      Patterns::Bool(),
      "1D only: the regions do not share the vertices at the region "
      "interfaces, so a field may jump there (e.g. the Si/SiO2 interface "
      "with a finite transport coefficient). The two sides of interface k "
      "(counted from 1) form the boundary 'interface k', e.g. 'interface1'.");
    prm.declare_entry(
      "Mask layer thickness",
      "0",
      Patterns::Double(0),
      "[length] 2D and 3D: a layer of this thickness on top of the box "
      "(beyond <Upper corner> along the last axis), forming the region "
      "<Mask layer name>, with the cells in <Mask openings> removed. The "
      "top of the layer and the floors and side walls of the openings form "
      "the boundary 'top' (2D) or 'front' (3D). 0: no layer.");
    prm.declare_entry(
      "Mask interface layer thickness",
      "0",
      Patterns::Double(0),
      "[length] With a mask layer: one layer of cells of this thickness "
      "between the box and the mask, the region 'interface', with the same "
      "openings. Dopant diffusion uses it as the Si/SiO2 interface with a "
      "finite transport coefficient (<Dopant diffusion/Interface layer "
      "regions>); make it thin against the mask (e.g. 1e-4 um). 0: none.");
    prm.declare_entry("Mask layer subdivisions",
                      "1",
                      Patterns::Integer(1),
                      "Number of coarse cells across the mask layer.");
    prm.declare_entry("Mask layer name",
                      "oxide",
                      Patterns::Anything(),
                      "Region name of the mask layer.");
    prm.declare_entry(
      "Mask openings",
      "",
      Patterns::List(Patterns::Double(), 0, 4),
      "[length] The window in the mask layer: 'x0, x1' in 2D, 'x0, x1, y0, "
      "y1' in 3D. Its edges must fall on coarse cell faces. Empty: the "
      "layer covers the whole top.");
    prm.declare_entry("Region names",
                      "domain",
                      Patterns::List(Patterns::Anything()),
                      "Names of the regions from low to high x: one more "
                      "than the number of region interfaces.");
  }

  template <int dim>
  void
  Box<dim>::parse_parameters(ParameterHandler &prm)
  {
    auto first_dim = [](const std::string &s) {
      auto items = Utilities::split_string_list(s, ',');
      items.resize(dim, "1");
      std::string out;
      for (const auto &i : items)
        out += (out.empty() ? "" : ",") + i;
      return out;
    };
    const auto lo = read_list<dim, double>(first_dim(prm.get("Lower corner")),
                                           "Lower corner");
    const auto hi = read_list<dim, double>(first_dim(prm.get("Upper corner")),
                                           "Upper corner");
    subdivisions =
      read_list<dim, unsigned int>(first_dim(prm.get("Subdivisions")),
                                   "Subdivisions");
    for (unsigned int d = 0; d < dim; ++d)
      {
        lower[d] = lo[d];
        upper[d] = hi[d];
        AssertThrow(hi[d] > lo[d],
                    ExcMessage("Parameter <Geometry/box/Upper corner>: "
                               "must be above <Lower corner> in every "
                               "direction."));
      }
    interfaces.clear();
    for (const auto &s :
         Utilities::split_string_list(prm.get("Region interfaces"), ','))
      interfaces.push_back(Utilities::string_to_double(s));
    regions      = Utilities::split_string_list(prm.get("Region names"), ',');
    disconnected = prm.get_bool("Disconnected interfaces");
    AssertThrow(!disconnected || dim == 1,
                ExcMessage("Parameter <Geometry/box/Disconnected interfaces>: "
                           "only 1D meshes can have disconnected interfaces."));
    AssertThrow(regions.size() == interfaces.size() + 1,
                ExcMessage("Parameter <Geometry/box/Region names>: needs " +
                           std::to_string(interfaces.size() + 1) +
                           " names for " + std::to_string(interfaces.size()) +
                           " region interfaces."));
    mask_thickness    = prm.get_double("Mask layer thickness");
    mask_subdivisions = prm.get_integer("Mask layer subdivisions");
    interface_layer   = prm.get_double("Mask interface layer thickness");
    AssertThrow(interface_layer == 0 || mask_thickness > 0,
                ExcMessage("Parameter <Geometry/box/Mask interface layer "
                           "thickness>: needs a mask layer (<Mask layer "
                           "thickness> > 0)."));
    mask_name = Utilities::trim(prm.get("Mask layer name"));
    AssertThrow(interface_layer == 0 ||
                  (mask_name != "interface" &&
                   std::find(regions.begin(), regions.end(), "interface") ==
                     regions.end()),
                ExcMessage("Parameter <Geometry/box/Mask interface layer "
                           "thickness>: the layer is the region 'interface', "
                           "which is already the name of another region."));
    mask_openings.clear();
    for (const auto &s :
         Utilities::split_string_list(prm.get("Mask openings"), ','))
      mask_openings.push_back(Utilities::string_to_double(s));
    if (mask_thickness > 0)
      {
        AssertThrow(dim > 1,
                    ExcMessage("Parameter <Geometry/box/Mask layer "
                               "thickness>: a mask layer needs a 2D or 3D "
                               "box (in 1D, split the interval with <Region "
                               "interfaces>)."));
        AssertThrow(!disconnected,
                    ExcMessage("Parameter <Geometry/box/Mask layer "
                               "thickness>: not with disconnected "
                               "interfaces."));
        AssertThrow(mask_openings.empty() ||
                      mask_openings.size() == 2 * (dim - 1),
                    ExcMessage("Parameter <Geometry/box/Mask openings>: "
                               "needs " +
                               std::to_string(2 * (dim - 1)) + " values (" +
                               (dim == 2 ? "x0, x1" : "x0, x1, y0, y1") +
                               "), got " +
                               std::to_string(mask_openings.size()) + "."));
        AssertThrow(std::find(regions.begin(), regions.end(), mask_name) ==
                      regions.end(),
                    ExcMessage("Parameter <Geometry/box/Mask layer name>: <" +
                               mask_name +
                               "> is already the name of a region."));
        for (unsigned int d = 0; d + 1 < dim && !mask_openings.empty(); ++d)
          {
            const double a = mask_openings[2 * d], b = mask_openings[2 * d + 1];
            const double h = (upper[d] - lower[d]) / subdivisions[d];
            AssertThrow(
              a < b && a >= lower[d] - 1e-12 * h && b <= upper[d] + 1e-12 * h,
              ExcMessage("Parameter <Geometry/box/Mask openings>: the "
                         "opening " +
                         Utilities::to_string(a) + " to " +
                         Utilities::to_string(b) + " along axis " +
                         std::to_string(d) + " does not fit the box (" +
                         Utilities::to_string(lower[d]) + " to " +
                         Utilities::to_string(upper[d]) + ")."));
            AssertThrow(on_coarse_face(a, d) && on_coarse_face(b, d),
                        ExcMessage("Parameter <Geometry/box/Mask openings>: "
                                   "the edges " +
                                   Utilities::to_string(a) + " and " +
                                   Utilities::to_string(b) + " along axis " +
                                   std::to_string(d) +
                                   " must fall on coarse cell faces; change "
                                   "<Subdivisions>."));
          }
      }
    else
      AssertThrow(mask_openings.empty(),
                  ExcMessage("Parameter <Geometry/box/Mask openings>: "
                             "openings need a mask layer (<Mask layer "
                             "thickness> > 0)."));
    for (unsigned int i = 0; i < interfaces.size(); ++i)
      {
        AssertThrow(interfaces[i] > lower[0] && interfaces[i] < upper[0] &&
                      (i == 0 || interfaces[i] > interfaces[i - 1]),
                    ExcMessage("Parameter <Geometry/box/Region interfaces>: "
                               "positions must increase and lie inside the "
                               "box."));
        AssertThrow(on_coarse_face(interfaces[i], 0),
                    ExcMessage("Parameter <Geometry/box/Region interfaces>: "
                               "x = " +
                               std::to_string(interfaces[i]) +
                               " does not fall on a coarse cell face; "
                               "change <Subdivisions>."));
      }
  }

  template <int dim>
  void
  Box<dim>::create_coarse_mesh(Triangulation<dim> &tria) const
  {
    if (disconnected)
      {
        // Cells left to right; a new vertex starts each region.
        std::vector<Point<dim>>    vertices;
        std::vector<CellData<dim>> cells;
        const double               h = (upper[0] - lower[0]) / subdivisions[0];
        for (unsigned int c = 0; c < subdivisions[0]; ++c)
          {
            const double             x0 = lower[0] + c * h, x1 = x0 + h;
            const types::material_id id = region_at(0.5 * (x0 + x1));
            const bool new_region = c > 0 && id != cells.back().material_id;
            if (c == 0 || new_region)
              vertices.push_back(Point<dim>(x0));
            vertices.push_back(Point<dim>(x1));
            CellData<dim> cell;
            cell.vertices[0] = vertices.size() - 2;
            cell.vertices[1] = vertices.size() - 1;
            cell.material_id = id;
            cells.push_back(cell);
          }
        tria.create_triangulation(vertices, cells, SubCellData());
        for (const auto &cell : tria.active_cell_iterators())
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const double x = cell->face(f)->center()[0];
                if (std::abs(x - lower[0]) < 1e-12 * h)
                  cell->face(f)->set_boundary_id(0);
                else if (std::abs(x - upper[0]) < 1e-12 * h)
                  cell->face(f)->set_boundary_id(1);
                else
                  for (unsigned int k = 0; k < interfaces.size(); ++k)
                    if (std::abs(x - interfaces[k]) < 1e-8 * h)
                      cell->face(f)->set_boundary_id(2 * dim + k);
              }
        return;
      }
    if (mask_thickness > 0)
      {
        create_masked_mesh(tria);
        return;
      }
    GridGenerator::subdivided_hyper_rectangle(
      tria, subdivisions, lower, upper, true);
    for (const auto &cell : tria.active_cell_iterators())
      cell->set_material_id(region_at(cell->center()[0]));
  }

  template <int dim>
  types::material_id
  Box<dim>::region_at(const double x) const
  {
    types::material_id id = 0;
    while (id < interfaces.size() && x > interfaces[id])
      ++id;
    return id;
  }

  template <int dim>
  bool
  Box<dim>::on_coarse_face(const double x, const unsigned int d) const
  {
    const double k = (x - lower[d]) / (upper[d] - lower[d]) * subdivisions[d];
    return std::abs(k - std::round(k)) < 1e-8;
  }

  template <int dim>
  void
  Box<dim>::create_masked_mesh(Triangulation<dim> &tria) const
  {
    // Uniform steps, plus the layer's steps on top along the last axis.
    std::vector<std::vector<double>> steps(dim);
    for (unsigned int d = 0; d < dim; ++d)
      steps[d].assign(subdivisions[d], (upper[d] - lower[d]) / subdivisions[d]);
    if (interface_layer > 0)
      steps[dim - 1].push_back(interface_layer);
    steps[dim - 1].insert(steps[dim - 1].end(),
                          mask_subdivisions,
                          mask_thickness / mask_subdivisions);

    // Region of every coarse cell; cells in the openings are removed.
    TableIndices<dim> sizes;
    for (unsigned int d = 0; d < dim; ++d)
      sizes[d] = steps[d].size();
    Table<dim, types::material_id> ids;
    ids.reinit(sizes);
    // Cell centres along each axis.
    std::vector<std::vector<double>> centres(dim);
    for (unsigned int d = 0; d < dim; ++d)
      {
        double x = lower[d];
        for (const double step : steps[d])
          {
            centres[d].push_back(x + 0.5 * step);
            x += step;
          }
      }
    const types::material_id mask_id = regions.size();
    for (unsigned int n = 0; n < ids.n_elements(); ++n)
      {
        // Index and centre of coarse cell n (first axis fastest).
        TableIndices<dim> index;
        Point<dim>        centre;
        unsigned int      rest = n;
        for (unsigned int d = 0; d < dim; ++d)
          {
            index[d] = rest % sizes[d];
            rest /= sizes[d];
            centre[d] = centres[d][index[d]];
          }
        types::material_id id = 0;
        if (index[dim - 1] >= subdivisions[dim - 1])
          {
            id =
              (interface_layer > 0 && index[dim - 1] == subdivisions[dim - 1]) ?
                mask_id + 1 :
                mask_id;
            bool in_window = !mask_openings.empty();
            for (unsigned int d = 0; d + 1 < dim && in_window; ++d)
              in_window = centre[d] > mask_openings[2 * d] &&
                          centre[d] < mask_openings[2 * d + 1];
            if (in_window)
              id = numbers::invalid_material_id;
          }
        else
          id = region_at(centre[0]);
        ids(index) = id;
      }
    GridGenerator::subdivided_hyper_rectangle(tria, steps, lower, ids, false);

    // Faces on the lower end of any axis or the sides of the box keep the
    // box's names; everything else faces the ambient: top (2D) or front.
    for (const auto &cell : tria.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary())
          {
            const Point<dim>   c = cell->face(f)->center();
            types::boundary_id b = 2 * dim - 1;
            for (unsigned int d = 0; d < dim; ++d)
              {
                const double h = 1e-8 * (upper[d] - lower[d]);
                if (std::abs(c[d] - lower[d]) < h)
                  b = 2 * d;
                else if (d + 1 < dim && std::abs(c[d] - upper[d]) < h)
                  b = 2 * d + 1;
              }
            cell->face(f)->set_boundary_id(b);
          }
  }

  template <int dim>
  std::map<std::string, types::boundary_id>
  Box<dim>::boundary_names() const
  {
    const std::vector<std::string> names = {
      "left", "right", "bottom", "top", "back", "front"};
    std::map<std::string, types::boundary_id> m;
    for (unsigned int i = 0; i < 2 * dim; ++i)
      m[names[i]] = i;
    if (disconnected)
      for (unsigned int k = 0; k < interfaces.size(); ++k)
        m["interface" + std::to_string(k + 1)] = 2 * dim + k;
    return m;
  }

  template <int dim>
  std::map<std::string, types::material_id>
  Box<dim>::region_names() const
  {
    std::map<std::string, types::material_id> m;
    for (unsigned int i = 0; i < regions.size(); ++i)
      m[regions[i]] = i;
    if (mask_thickness > 0)
      m[mask_name] = regions.size();
    if (interface_layer > 0)
      m["interface"] = regions.size() + 1;
    return m;
  }

  FLUXION_REGISTER_PLUGIN(Geometry,
                          Box,
                          "box",
                          "An interval (1D), rectangle (2D) or box (3D) with "
                          "coarse subdivisions and optional layered regions "
                          "along x, and an optional patterned mask layer on "
                          "top. Boundaries: left and right (x), bottom and "
                          "top (y), back and front (z).")
} // namespace Fluxion
