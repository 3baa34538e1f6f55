#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include <fluxion/core/named_plugins.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/initial_profiles.h>
#include <fluxion/physics/dopant/layer_levels.h>

#include <cmath>

namespace Fluxion
{
  template <int dim>
  void
  DopantDiffusion<dim>::initialize(const SimulatorContext<dim> &ctx,
                                   ParameterHandler            &prm)
  {
    this->store_context(ctx);
    AssertThrow(!ctx.steady,
                ExcMessage("Parameter <Time stepping/Mode>: the dopant "
                           "diffusion physics needs a transient run."));

    prm.enter_subsection("Dopant diffusion");
    read_dopants(prm);
    const std::vector<std::string> oxide_names = read_materials(prm);
    prm.leave_subsection();
    read_regions(prm, oxide_names);
    read_interface_transport(prm);
    read_process(prm);
    locate_surface();

    fe = std::make_unique<FESystem<dim>>(FE_Q<dim>(degree), dopants.size());
    setup_dofs();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_dopants(ParameterHandler &prm)
  {
    const std::vector<DopantData> user =
      parse_user_dopants(prm.get("User dopants"),
                         "Dopant diffusion/User dopants");
    const std::vector<std::string> names =
      Utilities::split_string_list(prm.get("Dopants"), ',');
    AssertThrow(!names.empty(),
                ExcMessage("Parameter <Dopant diffusion/Dopants> is empty."));
    for (const auto &n : names)
      {
        bool found = false;
        for (const auto &list : {user, built_in_dopants()})
          for (const auto &d : list)
            if (!found && d.name == n)
              {
                dopants.push_back(d);
                found = true;
              }
        std::string known = built_in_dopant_names();
        for (const auto &d : user)
          known += ", " + d.name;
        AssertThrow(found,
                    ExcMessage("Parameter <Dopant diffusion/Dopants>: <" + n +
                               "> is not a known dopant. Known: " + known +
                               "."));
        for (unsigned int k = 0; k + 1 < dopants.size(); ++k)
          AssertThrow(dopants[k].name != n,
                      ExcMessage("Parameter <Dopant diffusion/Dopants> "
                                 "lists <" +
                                 n + "> twice."));
      }
    fermi                = prm.get("Model") == "fermi";
    use_single_arrhenius = prm.get("Parameter set") == "intrinsic-arrhenius";
    AssertThrow(!(fermi && use_single_arrhenius),
                ExcMessage("Parameter <Dopant diffusion/Parameter set>: "
                           "intrinsic-arrhenius has no charge states; the "
                           "fermi model needs fair-charge-states."));
    background = prm.get_double("Background doping") *
                 (prm.get("Background type") == "donor" ? 1.0 : -1.0);
    surface_name = prm.get("Surface");
    if (surface_name.empty())
      surface_name = (dim == 1 ? "left" : dim == 2 ? "top" : "front");
    const auto w = Utilities::split_string_list(prm.get("Mask window"), ',');
    AssertThrow(w.empty() || (dim > 1 && w.size() == 2 * (dim - 1)),
                ExcMessage("Parameter <Dopant diffusion/Mask window> needs " +
                           std::string(dim == 1 ? "to be empty in 1D" :
                                       dim == 2 ? "two numbers, x0, x1" :
                                                  "four numbers, x0, x1, "
                                                  "y0, y1") +
                           "."));
    for (const auto &v : w)
      window.push_back(parse_double(v, "Dopant diffusion/Mask window"));
    newton.parse_parameters(prm, dopants.size(), "Dopant diffusion");
    time_error_floor =
      prm.get_double("Time error floor") * std::abs(background);
    linear_solver = prm.get("Linear solver");
  }

  template <int dim>
  std::vector<std::string>
  DopantDiffusion<dim>::read_materials(ParameterHandler &prm)
  {
    // Oxide regions (checked against the mesh below).
    const std::vector<std::string> oxide_names =
      Utilities::split_string_list(prm.get("Oxide regions"), ',');
    segregation.clear();
    for (const auto &d : dopants)
      segregation.push_back(d.segregation);
    for (const auto &m : parse_map(prm.get("Segregation coefficients"),
                                   "Dopant diffusion/Segregation "
                                   "coefficients"))
      {
        const unsigned int i =
          dopant_index(m.first, "Dopant diffusion/Segregation coefficients");
        segregation[i] =
          parse_double(m.second, "Dopant diffusion/Segregation coefficients");
        AssertThrow(segregation[i] > 0,
                    ExcMessage("Parameter <Dopant diffusion/Segregation "
                               "coefficients>: the coefficient of " +
                               m.first + " must be positive."));
      }
    const auto oxide_d =
      parse_dopant_arrhenius(prm.get("Oxide diffusivities"),
                             "Dopant diffusion/Oxide diffusivities");
    oxide_diffusivity.clear();
    for (unsigned int i = 0; i < dopants.size(); ++i)
      {
        oxide_diffusivity.push_back(oxide_d[i].value_or(ArrheniusTerm()));
        AssertThrow(oxide_names.empty() || oxide_d[i],
                    ExcMessage("Parameter <Dopant diffusion/Oxide "
                               "diffusivities> gives no diffusivity of " +
                               dopants[i].name + " in the oxide regions."));
      }
    // Built-in tables first; the parameter replaces them per dopant.
    solubility.clear();
    solubility.resize(dopants.size());
    solubility_origin.assign(dopants.size(), "");
    for (unsigned int i = 0; i < dopants.size(); ++i)
      if (!dopants[i].solubility.empty())
        {
          solubility_origin[i] = "the built-in solid solubility of " +
                                 dopants[i].name + " (" +
                                 dopants[i].solubility_source + ")";
          solubility[i] =
            std::make_unique<SolidSolubility>(dopants[i].solubility,
                                              solubility_origin[i]);
        }
    for (const auto &entry :
         Utilities::split_string_list(prm.get("Solid solubilities"), ';'))
      {
        const std::string where = "Dopant diffusion/Solid solubilities";
        const auto        colon = entry.find(':');
        AssertThrow(colon != std::string::npos,
                    ExcMessage("Parameter <" + where + ">: <" + entry +
                               "> must read like 'B: A EA' or 'B: table "
                               "T1 C1 T2 C2'."));
        const std::string  name = Utilities::trim(entry.substr(0, colon));
        const unsigned int i    = dopant_index(name, where);
        solubility[i] =
          std::make_unique<SolidSolubility>(entry.substr(colon + 1),
                                            where + " (" + name + ")");
        solubility_origin[i] =
          "the solubility of " + name + " in <" + where + ">";
      }
    return oxide_names;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_regions(
    ParameterHandler               &prm,
    const std::vector<std::string> &oxide_names)
  {
    check_mesh_name(surface_name,
                    context.boundary_ids,
                    "Dopant diffusion/Surface",
                    MeshPart::boundary);
    surface_id = context.boundary_ids.at(surface_name);
    for (const auto &r : oxide_names)
      {
        check_mesh_name(r,
                        context.region_ids,
                        "Dopant diffusion/Oxide regions",
                        MeshPart::region);
        oxide_ids.insert(context.region_ids.at(r));
      }

    // Thin interface layers: their thickness along the last axis.
    layer_ids.clear();
    for (const auto &r : Utilities::split_string_list(
           prm.get(std::vector<std::string>{"Dopant diffusion"},
                   "Interface layer regions"),
           ','))
      {
        check_mesh_name(r,
                        context.region_ids,
                        "Dopant diffusion/Interface layer regions",
                        MeshPart::region);
        AssertThrow(!oxide_names.empty(),
                    ExcMessage("Parameter <Dopant diffusion/Interface layer "
                               "regions>: an interface layer separates "
                               "silicon from <Oxide regions>, and there are "
                               "none."));
        AssertThrow(!oxide_ids.count(context.region_ids.at(r)),
                    ExcMessage("Parameter <Dopant diffusion/Interface layer "
                               "regions>: <" +
                               r + "> is also one of the <Oxide regions>."));
        layer_ids.insert(context.region_ids.at(r));
      }
    layer_thickness.clear();
    for (const auto &cell : context.triangulation->cell_iterators_on_level(0))
      if (is_interface_layer(cell->material_id()))
        {
          const unsigned int d = thinnest_axis<dim>(cell);
          layer_thickness[cell->id().get_coarse_cell_id()] =
            (cell->face(2 * d + 1)->center() - cell->face(2 * d)->center())
              .norm();
        }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_interface_transport(ParameterHandler &prm)
  {
    // Disconnected interfaces carry the transport coefficients.
    interface_ids.clear();
    for (const auto &b : context.boundary_ids)
      if (b.first.rfind("interface", 0) == 0)
        interface_ids.insert(b.second);
    split_interfaces = !interface_ids.empty();
    {
      const std::string where =
        "Dopant diffusion/Interface transport coefficients";
      const std::string text =
        prm.get(std::vector<std::string>{"Dopant diffusion"},
                "Interface transport coefficients");
      const auto h = parse_dopant_arrhenius(text, where);
      interface_transport.clear();
      for (const auto &h_i : h)
        interface_transport.push_back(h_i.value_or(ArrheniusTerm()));
      AssertThrow(split_interfaces || !layer_ids.empty() || text.empty(),
                  ExcMessage("Parameter <" + where +
                             "> needs a 1D mesh whose regions are "
                             "disconnected at the interfaces (set "
                             "<Geometry/box/Disconnected interfaces> = "
                             "true), or in 2D/3D <Dopant diffusion/"
                             "Interface layer regions>."));
      for (unsigned int i = 0; i < dopants.size(); ++i)
        AssertThrow(layer_ids.empty() || h[i],
                    ExcMessage("Parameter <" + where +
                               "> gives no transport coefficient of " +
                               dopants[i].name +
                               "; the mesh has interface layers."));
      for (unsigned int i = 0; i < dopants.size(); ++i)
        AssertThrow(!split_interfaces || h[i],
                    ExcMessage("Parameter <" + where +
                               "> gives no transport "
                               "coefficient of " +
                               dopants[i].name +
                               "; the mesh has disconnected interfaces."));
      AssertThrow(!split_interfaces || !oxide_ids.empty(),
                  ExcMessage("Parameter <Dopant diffusion/Oxide regions>: "
                             "the mesh has disconnected interfaces, which "
                             "must separate silicon from oxide regions."));
    }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::read_process(ParameterHandler &prm)
  {
    process = std::make_unique<ThermalProcess>(
      prm.get(std::vector<std::string>{"Thermal process"}, "Steps"),
      "Thermal process/Steps",
      time);
    for (const auto &s : process->steps())
      for (const double T : {s.T_start_K, s.T_end_K})
        AssertThrow(T - 273.15 >= data_T_min_C - 1e-9 &&
                      T - 273.15 <= data_T_max_C + 1e-9,
                    ExcMessage("Parameter <Thermal process/Steps>: step <" +
                               s.name + "> reaches " +
                               Utilities::to_string(T - 273.15) +
                               " C, outside the range of the diffusion data (" +
                               std::to_string(int(data_T_min_C)) + " to " +
                               std::to_string(int(data_T_max_C)) + " C)."));
    read_surface_conditions(prm);
    prm.enter_subsection("Initial profiles");
    for (const auto &d : dopants)
      initial_profiles.push_back(prm.get(d.name));
    prm.leave_subsection();

    // Check the profiles now, while errors are still reported collectively.
    {
      std::vector<std::string> n;
      for (const auto &d : dopants)
        n.push_back(d.name);
      InitialProfiles<dim> check(*this, initial_profiles, n, 1e-4, time);
    }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::locate_surface()
  {
    // The range of the last coordinate over the cells of the regions that
    // @p in_region selects, over all ranks (empty: min > max).
    const auto axis_range = [&](const auto &in_region) {
      double lo = 1e300, hi = -1e300;
      for (const auto &cell : context.triangulation->active_cell_iterators())
        if (cell->is_locally_owned() && in_region(cell->material_id()))
          for (const auto v : cell->vertex_indices())
            {
              lo = std::min(lo, cell->vertex(v)[dim - 1]);
              hi = std::max(hi, cell->vertex(v)[dim - 1]);
            }
      return std::make_pair(Utilities::MPI::min(lo, context.mpi_communicator),
                            Utilities::MPI::max(hi, context.mpi_communicator));
    };
    // The surface position along the last axis: the mean over its faces,
    // or on a stepped surface (a mask layer with openings) the top of the
    // silicon, where depth is measured from.
    double sum = 0, count = 0, s_min = 1e300, s_max = -1e300;
    for (const auto &cell : context.triangulation->active_cell_iterators())
      if (cell->is_locally_owned())
        {
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                const double x = cell->face(f)->center()[dim - 1];
                sum += x;
                count += 1;
                s_min = std::min(s_min, x);
                s_max = std::max(s_max, x);
              }
        }
    if (!window.empty())
      {
        // The window must lie on the surface and have a positive width.
        std::vector<double> lo(dim, 1e300), hi(dim, -1e300);
        for (const auto &cell : context.triangulation->active_cell_iterators())
          if (cell->is_locally_owned())
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary() &&
                  cell->face(f)->boundary_id() == surface_id)
                for (const auto v : cell->face(f)->vertex_indices())
                  for (unsigned int d = 0; d < dim; ++d)
                    {
                      lo[d] = std::min(lo[d], cell->face(f)->vertex(v)[d]);
                      hi[d] = std::max(hi[d], cell->face(f)->vertex(v)[d]);
                    }
        for (unsigned int d = 0; d + 1 < dim; ++d)
          {
            lo[d] = Utilities::MPI::min(lo[d], context.mpi_communicator);
            hi[d] = Utilities::MPI::max(hi[d], context.mpi_communicator);
            AssertThrow(window[2 * d] < window[2 * d + 1] &&
                          window[2 * d] >= lo[d] - 1e-12 &&
                          window[2 * d + 1] <= hi[d] + 1e-12,
                        ExcMessage(
                          "Parameter <Dopant diffusion/Mask window>: the "
                          "window " +
                          Utilities::to_string(window[2 * d]) + " to " +
                          Utilities::to_string(window[2 * d + 1]) +
                          " along axis " + std::to_string(d) +
                          " does not fit the surface <" + surface_name +
                          ">, which spans " + Utilities::to_string(lo[d]) +
                          " to " + Utilities::to_string(hi[d]) + "."));
          }
      }
    const MPI_Comm comm = context.mpi_communicator;
    sum                 = Utilities::MPI::sum(sum, comm);
    count               = Utilities::MPI::sum(count, comm);
    surface_coordinate  = count > 0 ? sum / count : 0;
    s_min               = Utilities::MPI::min(s_min, comm);
    s_max               = Utilities::MPI::max(s_max, comm);
    const auto [si_min, si_max] =
      axis_range([&](const auto m) { return is_silicon(m); });
    // Depth grows away from the side of the silicon the surface is on (of
    // the whole mesh if there is no silicon).
    const double middle = [&]() {
      if (si_max >= si_min)
        return 0.5 * (si_min + si_max);
      const auto [lo, hi] = axis_range([](const auto) { return true; });
      return 0.5 * (lo + hi);
    }();
    depth_sign = surface_coordinate > middle ? -1 : 1;
    if (dim > 1 && s_max - s_min > 1e-10 * (si_max - si_min))
      surface_coordinate = std::abs(si_max - surface_coordinate) <
                               std::abs(si_min - surface_coordinate) ?
                             si_max :
                             si_min;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::setup_dofs()
  {
    TimerOutput::Scope timer_scope(*context.timer, "dofs and sparsity");
    this->distribute_dofs(*fe);
    make_constraints(time);
    // The surface conditions change between steps, so the pattern keeps
    // the couplings of the surface DoFs; only hanging nodes condense it.
    this->reinit_jacobian(hanging_constraints,
                          true,
                          [this](DynamicSparsityPattern &dsp) {
                            find_interface_pairs(dsp);
                          });
    // The correction keeps Q1 non-negative; Q2 couples positively within
    // every cell, where it would cost the higher order everywhere.
    use_correction     = dim > 1 && degree == 1;
    correction_current = false;
    if (use_correction)
      correction.reinit(dof_handler,
                        locally_relevant_dofs,
                        hanging_constraints,
                        context.mpi_communicator);

    this->reinit_vectors(3);
    compute_lumped_mass();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::compute_lumped_mass()
  {
    // Gauss-Lobatto points at the nodes make the mass diagonal per cell;
    // interface layers store nothing.
    this->assemble_lumped_mass(
      QGaussLobatto<dim>(degree + 1),
      [this](const auto &cell, const unsigned int component) {
        const auto m = cell->material_id();
        return is_interface_layer(m) ? 0.0 : concentration_factor(component, m);
      },
      lumped_mass);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::find_interface_pairs(DynamicSparsityPattern &dsp)
  {
    interface_pairs.clear();
    if (!split_interfaces)
      return;
    // The faces of the disconnected interfaces with their position, side
    // and DoFs by component.
    struct Side
    {
      double                               x;
      bool                                 oxide;
      std::vector<types::global_dof_index> dofs;
    };
    std::vector<Side>                    sides;
    std::vector<types::global_dof_index> face_dofs(fe->n_dofs_per_face());
    for (const auto &cell : dof_handler.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary() &&
            interface_ids.count(cell->face(f)->boundary_id()))
          {
            Side s;
            s.x     = cell->face(f)->center()[0];
            s.oxide = oxide_ids.count(cell->material_id()) > 0;
            s.dofs.resize(dopants.size());
            cell->face(f)->get_dof_indices(face_dofs);
            for (unsigned int k = 0; k < face_dofs.size(); ++k)
              s.dofs[fe->face_system_to_component_index(k).first] =
                face_dofs[k];
            sides.push_back(s);
          }
    std::vector<bool> used(sides.size(), false);
    for (unsigned int a = 0; a < sides.size(); ++a)
      if (!used[a])
        {
          unsigned int b = a + 1;
          while (b < sides.size() &&
                 (used[b] || std::abs(sides[b].x - sides[a].x) >
                               1e-10 * (1 + std::abs(sides[a].x))))
            ++b;
          AssertThrow(b < sides.size() && sides[a].oxide != sides[b].oxide,
                      ExcMessage("Parameter <Dopant diffusion/Oxide regions>: "
                                 "each disconnected interface must separate "
                                 "a silicon region from an oxide region (at "
                                 "x = " +
                                 Utilities::to_string(sides[a].x) + ")."));
          used[a] = used[b] = true;
          InterfacePair p;
          p.silicon = sides[a].oxide ? sides[b].dofs : sides[a].dofs;
          p.oxide   = sides[a].oxide ? sides[a].dofs : sides[b].dofs;
          for (unsigned int i = 0; i < dopants.size(); ++i)
            {
              dsp.add(p.silicon[i], p.oxide[i]);
              dsp.add(p.oxide[i], p.silicon[i]);
            }
          interface_pairs.push_back(p);
        }
  }

  template <int dim>
  unsigned int
  DopantDiffusion<dim>::dopant_index(const std::string &name,
                                     const std::string &where) const
  {
    unsigned int i = 0;
    while (i < dopants.size() && dopants[i].name != name)
      ++i;
    AssertThrow(i < dopants.size(),
                ExcMessage("Parameter <" + where + ">: <" + name +
                           "> is not one of the dopants."));
    return i;
  }

  template <int dim>
  std::vector<std::optional<ArrheniusTerm>>
  DopantDiffusion<dim>::parse_dopant_arrhenius(const std::string &text,
                                               const std::string &where) const
  {
    std::vector<std::optional<ArrheniusTerm>> terms(dopants.size());
    for (const auto &entry : Utilities::split_string_list(text, ';'))
      {
        const auto colon = entry.find(':');
        const auto w     = Utilities::split_string_list(
          Utilities::trim(colon == std::string::npos ? std::string() :
                                                       entry.substr(colon + 1)),
          ' ');
        AssertThrow(colon != std::string::npos && w.size() == 2,
                    ExcMessage("Parameter <" + where + ">: <" + entry +
                               "> must read like 'B: A Ea' (two numbers)."));
        const std::string  name = Utilities::trim(entry.substr(0, colon));
        const unsigned int i    = dopant_index(name, where);
        terms[i] =
          ArrheniusTerm{parse_double(w[0], where), parse_double(w[1], where)};
        AssertThrow(terms[i]->prefactor_cm2_s >= 0 &&
                      terms[i]->activation_eV >= 0,
                    ExcMessage("Parameter <" + where + ">: the values of " +
                               name + " must not be negative."));
      }
    return terms;
  }

#define FLUXION_INSTANTIATE(dim)                                          \
  template void DopantDiffusion<dim>::initialize(                         \
    const SimulatorContext<dim> &, ParameterHandler &);                   \
  template void DopantDiffusion<dim>::read_dopants(ParameterHandler &);   \
  template std::vector<std::string> DopantDiffusion<dim>::read_materials( \
    ParameterHandler &);                                                  \
  template void DopantDiffusion<dim>::read_regions(                       \
    ParameterHandler &, const std::vector<std::string> &);                \
  template void DopantDiffusion<dim>::read_interface_transport(           \
    ParameterHandler &);                                                  \
  template void DopantDiffusion<dim>::read_process(ParameterHandler &);   \
  template void DopantDiffusion<dim>::locate_surface();                   \
  template void DopantDiffusion<dim>::setup_dofs();                       \
  template void DopantDiffusion<dim>::compute_lumped_mass();              \
  template void DopantDiffusion<dim>::find_interface_pairs(               \
    DynamicSparsityPattern &);                                            \
  template unsigned int DopantDiffusion<dim>::dopant_index(               \
    const std::string &, const std::string &) const;                      \
  template std::vector<std::optional<ArrheniusTerm>>                      \
  DopantDiffusion<dim>::parse_dopant_arrhenius(const std::string &,       \
                                               const std::string &) const;
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
